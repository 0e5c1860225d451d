// Package serve owns `docbuild serve`, the writing loop: a local preview that rebuilds the
// whole site in memory on every save, swaps it atomically, reloads the open pages whose bytes
// changed (stylesheets alone are refreshed in place, the scroll position is kept), and shows
// the build's errors and the `check` results of the page's source in the page itself. It
// imports internal/site (the build), internal/page (configuration, located errors), theme
// (parsed once and reused until the theme or configuration changes), verify (the checker,
// through the Checker interface) and internal/serve/watch (fsnotify with a polling fallback).
//
// # One build, one snapshot
//
// Each batch of file events runs site.Build on the whole site; the result becomes an
// immutable snapshot published by swapping one pointer, so that every response carries the
// complete bytes of one build. A file whose bytes did not change keeps its entry (and its
// ETag) from build to build; the changed paths are what the open pages are told about. While
// a source is broken, its page stays as it last built (and so does any file a failed build
// could not produce); the overlay says so.
//
// # The page side
//
// HTML responses get one script tag before </body> at serve time (public/ is never
// written): /__docbuild/client.js, which holds an EventSource on /__docbuild/events with the
// page's path and the build its bytes came from. The server sends:
//
//	reload  the page's bytes changed (or a script, image or other asset did)
//	css     only stylesheets changed: the listed ones are swapped without a reload
//	status  JSON for the overlay and badges: the build's errors and warnings, whether
//	        the page is a kept last-good version, and the check state of its source
//	        (pending or done, a badge per code block by fence line, stale steps
//	        with file:line)
//
// Badges attach to the data-line attribute internal/markdown puts on every code block's
// <figure>: accurate, stale (a click shows the diff) or unverified. A hidden tab closes its
// stream (browsers allow six HTTP/1.1 connections per host) and reconnects when shown,
// reloading if a build happened meanwhile; a reload restores the scroll position.
//
// # Check
//
// The checker runs after a build, never before the reload: on the files that changed and on
// the files open in a browser (those first), one file at a time by default, never while a
// build runs, and only once per version of a file (keyed by a hash of its bytes).
//
// # Safety
//
// The server listens on 127.0.0.1 unless told otherwise and then accepts only local Host
// names (no DNS rebinding). It serves only what the build produced, from memory: a request
// path is never joined to a directory; "..", ".", encoded dots and slashes, backslashes, NUL
// and empty segments are refused with 400, and symbolic links in the sources are not
// followed by the build.
package serve
