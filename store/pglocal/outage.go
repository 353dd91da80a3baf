package pglocal

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// Stop stops the server, as an outage would, keeping its port: Resume
// brings it back where clients will reconnect. For fault tests.
func (c *Cluster) Stop(ctx context.Context) error {
	out, err := c.command(ctx, "pg_ctl", "-D", c.dataDir, "-m", "immediate", "-w", "-t", "60", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pglocal: stop: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Resume starts the server stopped by Stop on the same port.
func (c *Cluster) Resume(ctx context.Context) error {
	logFile := filepath.Join(c.opts.Dir, "postgres.log")
	out, err := c.command(ctx, "pg_ctl", "-D", c.dataDir, "-l", logFile, "-w", "-t", "60",
		"-o", fmt.Sprintf("-p %d", c.port), "start").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pglocal: resume: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
