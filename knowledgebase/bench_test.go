package knowledgebase_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/knowledgebase"
)

// benchPassages is n passages: the sample handbook's (or samplePassages
// when it is absent) copied over and over, each copy with words and
// Chinese characters of its own so that the vocabulary keeps growing.
func benchPassages(base []knowledgebase.Passage, n int) []knowledgebase.Passage {
	r := rand.New(rand.NewPCG(1, 2))
	const hanzi = "安把包报备本比边变标表别并病补部采参操测层查差产常场车成承程出除处传创次从存达打大代带单当导到道得等低地点电调定订东动度端段对多额发法反范方防放费分服福负付复改岗高告格给根工公功共购估顾关管规国过孩海含号合和核户护花划话换回会婚活获机积基及即级计记技季继加家价假间检简建健将奖交缴教阶接节结解介界借金仅进经精境竞九就居局举据卷决绝均开考科可客课空控口扣宽况困扩来劳类离理力历立利例连联良两量料列临灵领流六龙录路旅率绿论满贸没每门面民名明模末目内能年培配批票评期其企气签前强区取全缺确群人认任日如入三扫商上少设社申身深审生声师失十时识实使始示事是适收手首受书属数双水税说司私思四送诉算随所他台态谈特提体替天条停通同统投图团推退外完晚网望委位文问无五务物系下先现线限相详想项消小效协写心新信行休需许选学训压研养样要业一医依以议意因应营用优由有于与预员原远约月云运在早责增展章长招照者真整正证支知职值制质治中终钟重周主住注转准资子自字总走租组最作做"
	hz := []rune(hanzi)
	word := func() string {
		if r.IntN(3) == 0 {
			return string([]rune{hz[r.IntN(len(hz))], hz[r.IntN(len(hz))]})
		}
		return fmt.Sprintf("w%s", strings.Repeat(string(rune('a'+r.IntN(26))), 1)+fmt.Sprint(r.IntN(4000)))
	}
	out := make([]knowledgebase.Passage, n)
	for i := range out {
		p := base[i%len(base)]
		copyNo := i / len(base)
		extra := make([]string, 40)
		for j := range extra {
			extra[j] = word()
		}
		p.ID = int64(i + 1)
		p.Doc = fmt.Sprintf("copy%03d/%s", copyNo, p.Doc)
		if copyNo > 0 {
			p.Section = fmt.Sprintf("%s %s", p.Section, word())
			p.Path = append(slices.Clone(p.Path[:max(0, len(p.Path)-1)]), p.Section)
		}
		p.Text = p.Text + "\n\n" + strings.Join(extra, " ")
		out[i] = p
	}
	return out
}

// BenchmarkSearch5000 searches an index of 5,000 passages with the dev
// questions, one search an op, and reports the median and the 99th
// percentile latency. Machines differ, so it also measures, in the same
// run, a baseline — a plain substring scan of the 5,000 passages' texts for
// the question's first word, what the simplest search would cost — and
// reports p99 as a multiple of the baseline's median (p99_x_scan).
func BenchmarkSearch5000(b *testing.B) {
	base, questions := samplePassages(), []string{
		"how many days of annual leave do I get?", "年假有几天？", "when do we get paid?", "每月几号发工资",
		"how early can I punch in before my shift?", "工服丢了怎么办", "what's the weather in Beijing tomorrow", "明天杭州会下雨吗",
	}
	if sampleHandbookExists() {
		h := loadSampleHandbook(b)
		base, questions = h.passages, nil
		for _, c := range h.cases {
			questions = append(questions, c.Q)
		}
		questions = append(questions, h.unanswerable...)
	}
	ps := benchPassages(base, 5000)
	ix := knowledgebase.NewIndex(ps)
	var took []time.Duration
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		ix.Search(questions[i%len(questions)], nil, 5)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	pct := func(q float64) float64 {
		return float64(took[min(len(took)-1, int(q*float64(len(took))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
	scan := scanBaseline(ps, questions)
	b.ReportMetric(float64(scan)/float64(time.Millisecond), "scan_ms")
	b.ReportMetric(pct(0.99)*float64(time.Millisecond)/float64(scan), "p99_x_scan")
}

// scanBaseline is the median time of a substring scan of the passages'
// texts for the first word of each question.
func scanBaseline(ps []knowledgebase.Passage, questions []string) time.Duration {
	var took []time.Duration
	found := 0
	for i := range 200 {
		q := questions[i%len(questions)]
		w := q
		if f := strings.Fields(q); len(f) > 0 {
			w = f[0]
		}
		start := time.Now()
		for j := range ps {
			if strings.Contains(ps[j].Text, w) {
				found++
			}
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	_ = found
	return took[len(took)/2]
}

// BenchmarkSearch5000Vectors is BenchmarkSearch5000 with 1,536-dimension
// embeddings on every passage and the query.
func BenchmarkSearch5000Vectors(b *testing.B) {
	const dim = 1536
	r := rand.New(rand.NewPCG(3, 4))
	vec := func() []float32 {
		v := make([]float32, dim)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return v
	}
	ps := benchPassages(samplePassages(), 5000)
	for i := range ps {
		ps[i].Vector = vec()
	}
	ix := knowledgebase.NewIndex(ps)
	queries := []string{"how many days of annual leave do I get?", "年假有几天？", "what's the weather in Beijing tomorrow"}
	qvs := [][]float32{vec(), vec(), vec()}
	var took []time.Duration
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		ix.Search(queries[i%len(queries)], qvs[i%len(qvs)], 5)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2])/float64(time.Millisecond), "p50_ms")
	b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)])/float64(time.Millisecond), "p99_ms")
}
