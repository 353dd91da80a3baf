package delivery

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hrbot/hrbot/core"
)

// Metrics counts deliveries per platform for /metrics.
type Metrics struct {
	queued   *prometheus.CounterVec
	outcomes *prometheus.CounterVec
	inDoubt  *prometheus.CounterVec // by platform and outcome (core.InDoubt…)
}

// NewMetrics makes unregistered counters; Register exposes them.
func NewMetrics() *Metrics {
	return &Metrics{
		queued: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hrbot_deliveries_queued_total", Help: "Deliveries queued by this process.",
		}, []string{"platform"}),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hrbot_deliveries_total", Help: "Delivery attempts by outcome: sent, retried, failed, skipped.",
		}, []string{"platform", "outcome"}),
		inDoubt: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hrbot_deliveries_in_doubt_total", Help: "Sends found interrupted with the request out, by what was done: found_sent, not_found, deduplicated, resent, dropped.",
		}, []string{"platform", "outcome"}),
	}
}

// Start shows every counter at zero for the platforms served, so
// dashboards and alerts see them before the first message.
func (m *Metrics) Start(platforms []core.Platform) {
	for _, p := range platforms {
		m.queued.WithLabelValues(string(p))
		for _, outcome := range []string{core.InDoubtFoundSent, core.InDoubtNotFound, core.InDoubtDeduplicated, core.InDoubtResent, core.InDoubtDropped} {
			m.inDoubt.WithLabelValues(string(p), outcome)
		}
		for _, outcome := range []string{"sent", "retried", "failed", "skipped"} {
			m.outcomes.WithLabelValues(string(p), outcome)
		}
	}
}

// Register exposes the counters and a gauge of what waits in the queue now
// (all replicas), read from the ledger at scrape time.
func (m *Metrics) Register(reg prometheus.Registerer, ledger Backlogger) {
	reg.MustRegister(m.queued, m.outcomes, m.inDoubt, &backlog{ledger: ledger, desc: prometheus.NewDesc(
		"hrbot_deliveries_waiting", "Deliveries queued or being sent, by platform and state, across replicas.",
		[]string{"platform", "state"}, nil)})
}

// Backlogger counts what waits in the ledger (store.Deliveries).
type Backlogger interface {
	Backlog(ctx context.Context) ([]core.DeliveryCount, error)
}

type backlog struct {
	ledger Backlogger
	desc   *prometheus.Desc
}

func (b *backlog) Describe(ch chan<- *prometheus.Desc) { ch <- b.desc }

func (b *backlog) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := b.ledger.Backlog(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(b.desc, err)
		return
	}
	for _, c := range counts {
		ch <- prometheus.MustNewConstMetric(b.desc, prometheus.GaugeValue, float64(c.N), string(c.Platform), c.State)
	}
}
