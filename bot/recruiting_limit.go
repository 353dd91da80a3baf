package bot

import (
	"sync"
	"time"
)

// candidateLimit bounds how many messages of one candidate's account the
// bot takes in a minute. A person answering questions sends a few; a
// script or a stuck key sends hundreds, and each would be read as the
// next answer. Past the limit a message is not taken (the durable intake
// still has it) and the candidate is told once per minute to slow down;
// nothing of anyone else waits for them. The count is per process: with
// several replicas a flood is slowed per replica, which is enough.
type candidateLimit struct {
	mu      sync.Mutex
	windows map[string]*window
}

type window struct {
	start time.Time
	n     int
	told  bool
}

const (
	candidateWindow      = time.Minute
	candidateMaxMessages = 12
	// candidateMaxTracked bounds the map: past it, windows that ended are
	// dropped before a new one is made.
	candidateMaxTracked = 10000
)

// allow counts a message of account at now. It returns whether to take
// it, and, when not, whether to tell them to slow down (once a window).
func (l *candidateLimit) allow(account string, now time.Time) (take, tell bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.windows == nil {
		l.windows = map[string]*window{}
	}
	w := l.windows[account]
	if w == nil || now.Sub(w.start) >= candidateWindow {
		if w == nil && len(l.windows) >= candidateMaxTracked {
			for k, old := range l.windows {
				if now.Sub(old.start) >= candidateWindow {
					delete(l.windows, k)
				}
			}
		}
		w = &window{start: now}
		l.windows[account] = w
	}
	w.n++
	if w.n <= candidateMaxMessages {
		return true, false
	}
	tell = !w.told
	w.told = true
	return false, tell
}
