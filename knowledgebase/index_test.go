package knowledgebase_test

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/hrbot/hrbot/knowledgebase"
)

// samplePassages is a small bilingual handbook as passages.
func samplePassages() []knowledgebase.Passage {
	sections := []struct{ doc, title, section, text string }{
		{"leave.md", "Leave policy｜休假制度", "Annual leave｜年假",
			"After one full year of work you get 5 days of paid annual leave a year, 10 days after 10 years. Annual leave is taken in half days or whole days.\n\n累计工作满 1 年的员工每年享有 5 天带薪年假，满 10 年的 10 天。年假以半天或一天为单位。"},
		{"leave.md", "Leave policy｜休假制度", "Sick leave｜病假",
			"You have 12 days of paid sick leave a year. A doctor's note is required for every sick leave request.\n\n每年享有 12 天带薪病假，每次病假都必须提供医院开具的病假条。"},
		{"leave.md", "Leave policy｜休假制度", "Approval｜审批流程",
			"Every request goes first to your manager. Requests longer than three days need a second approval from HR.\n\n所有请假申请先由直属主管审批，超过三天的还需人事审批。"},
		{"pay.md", "Pay and benefits｜薪酬与福利", "Pay day｜发薪日",
			"Salaries are paid monthly on the 10th. If the 10th is a weekend, the salary is paid on the Friday before.\n\n工资每月 10 日发放，遇周末提前到周五发放。"},
		{"pay.md", "Pay and benefits｜薪酬与福利", "Overtime pay｜加班工资",
			"Overtime must be approved by your manager beforehand. Weekday overtime is paid at 150%, rest days at 200% and public holidays at 300%.\n\n加班须事先经主管批准。工作日加班按 150% 支付，休息日 200%，法定节假日 300%。"},
		{"pay.md", "Pay and benefits｜薪酬与福利", "Expenses and reimbursement｜费用报销",
			"Keep the official invoice and claim your expenses within 30 days; approved claims are reimbursed with the next salary.\n\n请保留发票，30 天内提交报销，审批通过的费用随下月工资发放。"},
		{"handbook.md", "Employee handbook｜员工手册", "Checking in and out｜上下班打卡",
			"Check in with /checkin when you start work and check out when you leave. Check-in is accepted from 30 minutes before your shift.\n\n上班时发送“签到”打卡，下班时签退。最早可在班次开始前 30 分钟打卡。"},
		{"handbook.md", "Employee handbook｜员工手册", "Dress code｜着装要求",
			"Warehouse staff must wear the company uniform and safety shoes. A lost uniform is replaced at cost.\n\n仓库员工必须穿工服和安全鞋。工服丢失的按成本价补领。"},
		{"faq.txt", "faq", "Is there parking at the warehouse?｜仓库有停车位吗？",
			"Is there parking at the warehouse?｜仓库有停车位吗？\nThere are 8 staff car spaces behind the warehouse.\n仓库后面有 8 个员工车位。"},
		{"faq.txt", "faq", "What is the office Wi-Fi password?｜办公室 Wi-Fi 密码是多少？",
			"What is the office Wi-Fi password?｜办公室 Wi-Fi 密码是多少？\nStaff connect to the staff network with their own account.\n员工用自己的账号连接员工网络。"},
	}
	var ps []knowledgebase.Passage
	for i, s := range sections {
		ps = append(ps, knowledgebase.Passage{ID: int64(i + 1), Doc: s.doc, DocTitle: s.title, Section: s.section, Path: []string{s.section}, Text: s.text})
	}
	return ps
}

func TestSearch(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex(samplePassages())
	if ix.Len() != 10 {
		t.Fatalf("Len = %d", ix.Len())
	}
	tests := []struct{ q, want string }{
		{"how many days of annual leave do I get?", "Annual leave｜年假"},
		{"年假有几天？", "Annual leave｜年假"},
		{"do I need a doctor's note when I'm sick?", "Sick leave｜病假"},
		{"请病假要交病假条吗", "Sick leave｜病假"},
		{"who approves my leave request?", "Approval｜审批流程"},
		{"请假谁来审批", "Approval｜审批流程"},
		{"when do we get paid?", "Pay day｜发薪日"},
		{"每月几号发工资", "Pay day｜发薪日"},
		{"how much is overtime on a public holiday", "Overtime pay｜加班工资"},
		{"节假日加班工资怎么算", "Overtime pay｜加班工资"},
		{"how do I claim my travel expenses", "Expenses and reimbursement｜费用报销"},
		{"发票报销要多久", "Expenses and reimbursement｜费用报销"},
		{"how early can I punch in before my shift?", "Checking in and out｜上下班打卡"},
		{"最早什么时候可以打卡", "Checking in and out｜上下班打卡"},
		{"工服丢了怎么办", "Dress code｜着装要求"},
		{"where can I park my car", "Is there parking at the warehouse?｜仓库有停车位吗？"},
		{"what's the wifi password", "What is the office Wi-Fi password?｜办公室 Wi-Fi 密码是多少？"},
		{"ＷＩＦＩ密码", "What is the office Wi-Fi password?｜办公室 Wi-Fi 密码是多少？"},
		{"vacation days", "Annual leave｜年假"},
	}
	for _, tt := range tests {
		hits := ix.Search(tt.q, nil, 3)
		if len(hits) == 0 {
			t.Errorf("%q: no hits", tt.q)
			continue
		}
		if got := hits[0].Passage.Section; got != tt.want {
			t.Errorf("%q: top hit %q (%.2f), want %q", tt.q, got, hits[0].Score, tt.want)
		}
		if hits[0].Relevance < knowledgebase.DefaultMinRelevance {
			t.Errorf("%q: top hit relevance %.2f below %.2f", tt.q, hits[0].Relevance, knowledgebase.DefaultMinRelevance)
		}
		checkHits(t, tt.q, hits, 3)
	}
}

// checkHits checks what holds for every search result.
func checkHits(t *testing.T, q string, hits []knowledgebase.Hit, k int) {
	t.Helper()
	if len(hits) > k {
		t.Errorf("%q: %d hits, want at most %d", q, len(hits), k)
	}
	for i, h := range hits {
		if h.Passage == nil || h.Relevance < 0 || h.Relevance > 1 || math.IsNaN(h.Score) || h.Score <= 0 {
			t.Errorf("%q: bad hit %d: %+v", q, i, h)
		}
		if i > 0 && hits[i-1].Score < h.Score {
			t.Errorf("%q: hits not best first: %.3f before %.3f", q, hits[i-1].Score, h.Score)
		}
	}
}

func TestSearchOffTopic(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex(samplePassages())
	for _, q := range []string{
		"what's the weather in Beijing tomorrow",
		"who won the football match last night?",
		"can you recommend a good movie for tonight",
		"what is the capital of Australia",
		"明天杭州会下雨吗",
		"推荐一部好看的电视剧",
		"比特币现在多少钱一个",
		"帮我写一首诗",
		"",
		"???",
		"the a an of",
	} {
		hits := ix.Search(q, nil, 3)
		checkHits(t, q, hits, 3)
		if len(hits) > 0 && hits[0].Relevance >= knowledgebase.DefaultMinRelevance {
			t.Errorf("%q: top hit %q relevance %.2f, want below %.2f", q, hits[0].Passage.Section, hits[0].Relevance, knowledgebase.DefaultMinRelevance)
		}
	}
}

func TestSearchRelevance(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex(samplePassages())
	rel := func(q string) float64 {
		hits := ix.Search(q, nil, 1)
		if len(hits) == 0 {
			return 0
		}
		return hits[0].Relevance
	}
	if r := rel("annual leave"); r != 1 {
		t.Errorf("relevance of a heading = %.2f, want 1", r)
	}
	// One lucky common word among unknown ones is not an answer.
	if a, b := rel("annual leave days"), rel("annual leave for astronauts flying rockets to mars"); b >= a || b >= knowledgebase.DefaultMinRelevance {
		t.Errorf("relevance with unknown words %.2f, without %.2f", b, a)
	}
	// Words only in the text cover less than words in the heading.
	if a, b := rel("sick leave"), rel("doctor note"); b >= a {
		t.Errorf("relevance of text words %.2f, of heading words %.2f", b, a)
	}
}

func TestSearchLimits(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex(samplePassages())
	if hits := ix.Search("leave", nil, 0); hits != nil {
		t.Errorf("k=0: %d hits", len(hits))
	}
	if hits := ix.Search("leave", nil, -1); hits != nil {
		t.Errorf("k=-1: %d hits", len(hits))
	}
	if hits := ix.Search("leave", nil, 100); len(hits) < 3 || len(hits) >= ix.Len() {
		t.Errorf("k=100: %d hits, want the few passages that have leave", len(hits))
	}
	empty := knowledgebase.NewIndex(nil)
	if empty.Len() != 0 || empty.Search("leave", []float32{1}, 3) != nil {
		t.Error("an empty index found something")
	}
}

func TestSearchHeadingBoost(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex([]knowledgebase.Passage{
		{Doc: "a.md", Section: "Lunch", Path: []string{"Lunch"}, Text: "Office hours are 9 to 6 and parking is free. Bring your badge."},
		{Doc: "a.md", Section: "Parking", Path: []string{"Parking"}, Text: "Spaces are behind the warehouse. Ask HR."},
	})
	hits := ix.Search("parking", nil, 2)
	if len(hits) != 2 || hits[0].Passage.Section != "Parking" {
		t.Fatalf("hits %+v, want the Parking section first", hits)
	}
}

// unitVector is a vector along axis i of 4.
func unitVector(i int) []float32 {
	v := make([]float32, 4)
	v[i] = 1
	return v
}

func TestSearchVectors(t *testing.T) {
	t.Parallel()
	ps := samplePassages()[:4]
	for i := range ps {
		ps[i].Vector = unitVector(i)
	}
	ix := knowledgebase.NewIndex(ps)

	lexical := ix.Search("annual leave days", nil, 4)
	if lexical[0].Passage.Section != "Annual leave｜年假" || lexical[0].Semantic != 0 {
		t.Fatalf("lexical top hit %q, semantic %.2f", lexical[0].Passage.Section, lexical[0].Semantic)
	}
	// The query vector points at Pay day, a passage without the words.
	q := []float32{0.1, 0, 0, 1}
	hits := ix.Search("annual leave days", q, 4)
	checkHits(t, "vector", hits, 4)
	if len(hits) != 4 {
		t.Fatalf("%d hits, want every passage", len(hits))
	}
	var pay knowledgebase.Hit
	for _, h := range hits {
		if h.Passage.Section == "Pay day｜发薪日" {
			pay = h
		}
	}
	if pay.Passage == nil || pay.Semantic < 0.99 || pay.Relevance != 1 {
		t.Errorf("Pay day hit %+v: want cosine ~1 and relevance 1", pay)
	}
	if hits[0].Passage.Section != "Annual leave｜年假" && hits[0].Passage.Section != "Pay day｜发薪日" {
		t.Errorf("fused top hit %q", hits[0].Passage.Section)
	}
	// Without words, the vector alone ranks.
	hits = ix.Search("zzz qqq", q, 2)
	if len(hits) != 2 || hits[0].Passage.Section != "Pay day｜发薪日" {
		t.Errorf("vector-only hits %+v", hits)
	}
	// A vector of another length is ignored.
	hits = ix.Search("annual leave days", []float32{1, 2}, 4)
	if len(hits) == 0 || hits[0].Semantic != 0 || hits[0].Passage.Section != "Annual leave｜年假" {
		t.Errorf("mismatched vector changed the search: %+v", hits)
	}
}

func TestSearchVectorsChangeRanking(t *testing.T) {
	t.Parallel()
	ps := samplePassages()
	for i := range ps {
		ps[i].Vector = []float32{float32(i), 1, 0}
	}
	ps[1].Vector = []float32{0, 0, 1} // Sick leave
	ix := knowledgebase.NewIndex(ps)
	q := "leave"
	without := ix.Search(q, nil, 3)
	with := ix.Search(q, []float32{0, 0, 1}, 3)
	if without[0].Passage.Section == "Sick leave｜病假" {
		t.Skip("sick leave already first")
	}
	if with[0].Passage.Section != "Sick leave｜病假" {
		t.Errorf("with a vector pointing at Sick leave the top hit is %q", with[0].Passage.Section)
	}
}

func TestSearchConcurrent(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex(samplePassages())
	queries := []string{"annual leave", "年假有几天", "overtime pay", "工服丢了", "weather", "打卡", "wifi 密码"}
	want := make([][]string, len(queries))
	labels := func(hits []knowledgebase.Hit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, fmt.Sprintf("%s %.6f %.6f", h.Passage.Section, h.Score, h.Relevance))
		}
		return out
	}
	for i, q := range queries {
		want[i] = labels(ix.Search(q, nil, 5))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 50 {
				i := (g + n) % len(queries)
				if got := labels(ix.Search(queries[i], nil, 5)); !slices.Equal(got, want[i]) {
					t.Errorf("%q: concurrent search %q, alone %q", queries[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestNewIndexCopies(t *testing.T) {
	t.Parallel()
	ps := samplePassages()
	ix := knowledgebase.NewIndex(ps)
	ps[0].Section, ps[0].Text = "changed", "changed"
	hits := ix.Search("annual leave", nil, 1)
	if len(hits) == 0 || hits[0].Passage.Section != "Annual leave｜年假" {
		t.Errorf("changing the caller's passages changed the index: %+v", hits)
	}
}
