package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink several goroutines write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serving is an `hrbot serve` run in the test's process.
type serving struct {
	base   string
	logs   *syncBuffer // what serve wrote to its standard error
	cancel context.CancelFunc
	exited chan struct{} // closed once serve has returned
	code   int           // serve's exit code, once exited is closed
}

// startServe runs `hrbot serve` in the test's process with vars on a free
// address and returns its base URL once /healthz answers.
func startServe(t *testing.T, vars map[string]string) string {
	t.Helper()
	return serveOn(t, freeAddr(t), vars, nil).base
}

// serveOn runs `hrbot serve` in the test's process with vars on addr,
// writing its standard error to logs (a buffer of its own when nil), and
// returns once /healthz answers. The test's cleanup stops it and, if the
// test failed, shows what it said.
func serveOn(t *testing.T, addr string, vars map[string]string, logs *syncBuffer) *serving {
	t.Helper()
	if logs == nil {
		logs = &syncBuffer{}
	}
	vars["HRBOT_HTTP_ADDR"] = addr
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{base: "http://" + addr, logs: logs, cancel: cancel, exited: make(chan struct{})}
	go func() {
		defer close(s.exited)
		s.code = run(ctx, []string{"serve"}, strings.NewReader(""), io.Discard, logs, func(k string) string { return vars[k] })
	}()
	t.Cleanup(func() {
		cancel()
		// Bounded, so that a serve that will not stop fails the test
		// rather than hanging it.
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
		if t.Failed() {
			t.Logf("hrbot serve said:\n%s", logs.String())
		}
	})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", logs.String())
		}
	}
}

// stop tells serve to stop and returns its exit code; the test fails if
// serve has not returned within wait.
func (s *serving) stop(t *testing.T, wait time.Duration) int {
	t.Helper()
	s.cancel()
	select {
	case <-s.exited:
		return s.code
	case <-time.After(wait):
		t.Fatalf("serve did not stop within %s", wait)
		return -1
	}
}

// nextWorkday is the next Monday-to-Friday day after today in Shanghai,
// as 2006-01-02: "tomorrow" is a Saturday half the week's evenings (UTC),
// and orgs without a schedule do not work weekends.
func nextWorkday() string {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	d := time.Now().In(loc).AddDate(0, 0, 1)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format("2006-01-02")
}
