package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sats/internal/diag"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/tools/txtar"
)

// TestMain lets the test binary run as the sats command in the scripts of
// testdata/script. The tests run without SATS_LANG, whatever the shell has:
// they expect the default language, Norwegian.
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) != "sats" { // the tests, not a script's sats command
		os.Unsetenv(diag.LangEnv)
	}
	testscript.Main(m, map[string]func(){
		"sats": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs every command as a process, the way users run it: the
// scripts in testdata/script/*.txtar. Besides testscript's own commands they
// have:
//
//	minimal-site [DIR]          lay the minimal test site (testdata/minimal-site.txtar
//	                            and the data set of testdata/bad/_base.txtar) into DIR,
//	                            keeping the files the script brings
//	httpget [-host H] URL       GET URL (with Host: H), not following redirects;
//	                            stdout is the status code, then "Location: …" if
//	                            there is one, then the body
//	waithttp URL PATTERN        poll URL until it answers 200 with a body matching
//	                            PATTERN, for at most 30 seconds
//
// and $PORT, a free port on 127.0.0.1.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			port, err := freePort()
			if err != nil {
				return err
			}
			env.Setenv("PORT", strconv.Itoa(port))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"minimal-site": cmdMinimalSite,
			"httpget":      cmdHTTPGet,
			"waithttp":     cmdWaitHTTP,
		},
	})
}

// freePort asks the system for a port nobody listens on.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func cmdMinimalSite(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 1 {
		ts.Fatalf("usage: minimal-site [DIR]")
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	for _, archive := range []string{"../../testdata/minimal-site.txtar", "../../testdata/bad/_base.txtar"} {
		a, err := txtar.ParseFile(archive)
		ts.Check(err)
		for _, f := range a.Files {
			p := ts.MkAbs(filepath.Join(dir, filepath.FromSlash(f.Name)))
			if _, err := os.Stat(p); err == nil {
				continue // the script's own version
			}
			ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
			ts.Check(os.WriteFile(p, f.Data, 0o644))
		}
	}
}

// get fetches url, with host as the Host header when it is set.
func get(url, host string) (status int, location, body string, err error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return 0, "", "", err
	}
	if host != "" {
		req.Host = host
	}
	client := &http.Client{
		Timeout: 10 * time.Second,
		// Report redirects as they are, for the script to check.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b), err
}

func cmdHTTPGet(ts *testscript.TestScript, neg bool, args []string) {
	host := ""
	if len(args) == 3 && args[0] == "-host" {
		host, args = args[1], args[2:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: httpget [-host HOST] URL")
	}
	status, location, body, err := get(args[0], host)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "%d\n", status)
	if location != "" {
		fmt.Fprintf(ts.Stdout(), "Location: %s\n", location)
	}
	fmt.Fprint(ts.Stdout(), body)
}

func cmdWaitHTTP(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waithttp URL PATTERN")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	deadline := time.Now().Add(30 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		status, _, body, err := get(args[0], "")
		switch {
		case err != nil:
			last = err
		case status != http.StatusOK:
			last = fmt.Errorf("status %d", status)
		case !re.MatchString(body):
			last = errors.New("the body does not match")
		default:
			return
		}
		time.Sleep(20 * time.Millisecond) // a poll interval, bounded by the deadline
	}
	ts.Fatalf("%s did not answer 200 with %q within 30 s; last: %v", args[0], args[1], last)
}
