package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"

	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/internal/site"
)

func newBuildCmd() *cobra.Command {
	var (
		source, dest, cacheDir string
		drafts, future         bool
		cpuProfile, memProfile string
	)
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Render the site into public/",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			start := time.Now()
			if cpuProfile != "" {
				stopProfile, err := startCPUProfile(cpuProfile)
				if err != nil {
					return failed(err)
				}
				defer stopProfile()
			}
			if memProfile != "" {
				runtime.MemProfileRate = 64 << 10
				defer writeMemProfile(memProfile, cmd.ErrOrStderr())
			}
			if os.Getenv("GOMEMLIMIT") == "" {
				// A build allocates a lot of short-lived memory over a live heap that grows
				// with the site (lists, search index). The default GOGC keeps the CPU spent
				// collecting low for ordinary sites (a larger GOGC saved a few percent of
				// CPU at 1,000 posts but brought the peak RSS near 180 MB under load); the
				// soft limit makes the collector work harder only for very large sites, so
				// that a 10,000-post build stays well under half a gigabyte (bench/,
				// BENCHMARKS.md).
				debug.SetMemoryLimit(320 << 20)
			}
			cfg, err := page.LoadConfig(source)
			if err != nil {
				return failed(err)
			}
			if dest == "" {
				dest = filepath.Join(cfg.Dir, cfg.PublicDir)
			}
			// Files stream into a temporary directory beside dest as they are rendered;
			// dest is replaced only when the whole build succeeded.
			out, err := site.NewDirOutput(dest)
			if err != nil {
				return failed(err)
			}
			res, err := site.Build(ctx, cfg, site.Options{Drafts: drafts, Future: future, CacheDir: cacheDir, Output: out})
			stderr := cmd.ErrOrStderr()
			for _, w := range resWarnings(res) {
				fmt.Fprintf(stderr, "warning: %v\n", w)
			}
			if err != nil {
				out.Abort()
				report(stderr, err)
				return failed(errors.New("build failed; the previous output is unchanged"))
			}
			st, err := out.Commit()
			if err != nil {
				return failed(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d posts, %d pages: %d files in %s (%d written, %d unchanged) in %s\n",
				len(res.Site.Posts), len(res.Site.Pages), st.Written+st.Unchanged, dest, st.Written, st.Unchanged,
				time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&source, "source", ".", "site directory (holding docbuild.yaml or _config.yml)")
	f.StringVar(&dest, "dest", "", "output directory (default: the site's public_dir)")
	f.BoolVar(&drafts, "drafts", false, "render drafts and unpublished posts")
	f.BoolVar(&future, "future", false, "render posts dated in the future")
	f.StringVar(&cacheDir, "cache-dir", "", "keep highlighted code in this directory between builds (default: none)")
	// Profiling, for bench/ and whoever measures a build; not part of the documented interface.
	f.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the build to this file")
	f.StringVar(&memProfile, "memprofile", "", "write an allocation profile of the build to this file")
	_ = f.MarkHidden("cpuprofile")
	_ = f.MarkHidden("memprofile")
	return cmd
}

func resWarnings(res *site.Result) []error {
	if res == nil {
		return nil
	}
	return res.Warnings
}

// report prints every error of a build, one per line.
func report(w interface{ Write([]byte) (int, error) }, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			fmt.Fprintln(w, e)
		}
		return
	}
	fmt.Fprintln(w, err)
}

// startCPUProfile starts writing a CPU profile to path; the returned function stops it.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writeMemProfile writes the allocation profile of the run so far to path.
func writeMemProfile(path string, stderr interface{ Write([]byte) (int, error) }) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "docbuild: memprofile: %v\n", err)
	}
}
