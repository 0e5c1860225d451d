// Command serve measures the writing loop of a live-preview server, whichever it is
// (docbuild serve, hugo server, hexo server): it edits the title of a post again and again,
// and times each save until the server's page shows the new title. The time covers what a
// writer waits for: the server noticing the save, rebuilding and serving the new bytes
// (the browser's reload comes on top, the same for every server).
//
// Usage (bench/serve-reload.sh runs it for the three servers on the same generated posts):
//
//	go run ./bench/serve -url http://127.0.0.1:4000/ -file DIR/source/_posts/post-00999.md [-edits 20]
//
// With -docbuild DIR it first starts docbuild's preview of DIR in this process (no check),
// for binaries that do not have the serve command yet.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/docbuild/docbuild/internal/serve"
)

func main() {
	url := flag.String("url", "", "page that shows the post's title (the home page)")
	file := flag.String("file", "", "post whose title: line is edited")
	edits := flag.Int("edits", 20, "number of timed edits (after one untimed)")
	timeout := flag.Duration("timeout", 60*time.Second, "longest wait for one edit")
	pause := flag.Duration("pause", 300*time.Millisecond, "pause between edits (lets the server settle)")
	docbuild := flag.String("docbuild", "", "start docbuild's preview of this site directory here and use it")
	flag.Parse()
	log.SetFlags(0)
	if *file == "" || (*url == "" && *docbuild == "") {
		log.Fatal("usage: serve -url URL -file POST [-edits N] | -docbuild DIR -file POST")
	}
	if *docbuild != "" {
		u, stop, err := startDocbuild(*docbuild)
		if err != nil {
			log.Fatal(err)
		}
		defer stop()
		*url = u
	}
	src, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	title := regexp.MustCompile(`(?m)^title: (.*)$`)
	m := title.FindSubmatchIndex(src)
	if m == nil {
		log.Fatalf("%s: no title: line", *file)
	}
	defer os.WriteFile(*file, src, 0o644) // leave the post as it was
	client := &http.Client{Timeout: 10 * time.Second}
	var times []time.Duration
	for i := -1; i < *edits; i++ {
		token := fmt.Sprintf("edit%d-%d", i+1, time.Now().UnixNano()%1e6)
		edited := slices.Concat(src[:m[3]], []byte(" "+token), src[m[3]:])
		start := time.Now()
		if err := os.WriteFile(*file, edited, 0o644); err != nil {
			log.Fatal(err)
		}
		for {
			if time.Since(start) > *timeout {
				log.Fatalf("edit %d: %s not served after %v", i+1, token, *timeout)
			}
			if body, err := get(client, *url); err == nil && strings.Contains(body, token) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if i >= 0 {
			times = append(times, time.Since(start))
		}
		time.Sleep(*pause)
	}
	slices.Sort(times)
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d.Microseconds())/1000) }
	fmt.Printf("median_ms=%s p90_ms=%s min_ms=%s max_ms=%s edits=%d\n",
		ms(times[len(times)/2]), ms(times[len(times)*9/10]), ms(times[0]), ms(times[len(times)-1]), len(times))
}

func get(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// startDocbuild runs docbuild's preview of dir on a free loopback port.
func startDocbuild(dir string) (string, func(), error) {
	ln, err := serve.Listen("127.0.0.1", 0, false)
	if err != nil {
		return "", nil, err
	}
	s, err := serve.New(serve.Options{Dir: dir, Listener: ln, Drafts: true, Future: true})
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	select {
	case <-s.Ready():
	case err := <-done:
		cancel()
		return "", nil, err
	}
	return s.URL(), func() { cancel(); <-done }, nil
}
