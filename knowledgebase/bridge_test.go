package knowledgebase_test

import (
	"strings"
	"testing"

	"github.com/hrbot/hrbot/knowledgebase"
)

// bridgeHandbook is a bakery's handbook with each section in one language
// only, on words the HR glossary does not name.
func bridgeHandbook() *knowledgebase.Index {
	sections := []struct{ doc, section, text string }{
		{"food.md", "冷藏", "奶油和蛋糕放在冰箱里，温度保持在 0 到 4 度。过了保质期的面包当天报损，不能再卖。"},
		{"food.md", "个人卫生", "进操作间前洗手，戴帽子和口罩，不戴戒指和手表。腹泻、发烧的员工当天不能进操作间，先告诉店长。"},
		{"food.md", "烫伤", "被烤箱烫伤后马上用冷水冲十五分钟，告诉店长，严重的去医院，按工伤处理。"},
		{"pay.md", "Pay day", "Wages are paid on the 10th of each month into your bank account. Your payslip comes in hrbot the same day."},
		{"pay.md", "Staff discount", "Staff get 30% off everything in the shop and one free drink a shift."},
		{"riders.md", "Helmets", "Riders wear the company helmet on every delivery; a lost helmet is replaced at cost."},
	}
	var ps []knowledgebase.Passage
	for i, s := range sections {
		ps = append(ps, knowledgebase.Passage{ID: int64(i + 1), Doc: s.doc, DocTitle: s.doc, Section: s.section, Path: []string{s.section}, Text: s.text})
	}
	return knowledgebase.NewIndex(ps)
}

// A question in the other language than its only answer finds it through
// the bilingual word list (冰箱 "refrigerator", 腹泻 "diarrhea", 折扣
// "discount"), and through a glossary concept named differently on each
// side (发工资 and "pay day").
func TestCrossLanguageWithoutTheGlossary(t *testing.T) {
	t.Parallel()
	ix := bridgeHandbook()
	tests := []struct{ q, want string }{
		{"what temperature should the refrigerator be?", "冷藏"},
		{"I have diarrhea, can I still work?", "个人卫生"},
		{"I got a scald from the oven", "烫伤"},
		{"员工买东西有折扣吗", "Staff discount"},
		{"几号发工资", "Pay day"},
		{"骑手要戴头盔吗", "Helmets"},
	}
	for _, tt := range tests {
		hits := ix.Search(tt.q, nil, 3)
		if len(hits) == 0 || hits[0].Passage.Section != tt.want {
			t.Errorf("%q: got %v, want %s first", tt.q, sections(hits), tt.want)
			continue
		}
		if hits[0].Relevance < knowledgebase.DefaultMinRelevance {
			t.Errorf("%q: %s found with relevance %.2f, under the threshold %.2f", tt.q, tt.want, hits[0].Relevance, knowledgebase.DefaultMinRelevance)
		}
	}
}

// A translation covers only its share of the question: a question about
// something the handbook does not cover, one of whose words translates into
// a word it has, is still refused.
func TestTranslationDoesNotAnswerTheWholeQuestion(t *testing.T) {
	t.Parallel()
	ix := bridgeHandbook()
	for _, q := range []string{"今晚的球赛谁赢了", "which bank gives the best mortgage rate", "成都哪家医院看皮肤病好"} {
		if hits := ix.Search(q, nil, 1); len(hits) > 0 && hits[0].Relevance >= knowledgebase.DefaultMinRelevance {
			t.Errorf("%q: %s with relevance %.2f, want it refused", q, hits[0].Passage.Section, hits[0].Relevance)
		}
	}
}

func sections(hits []knowledgebase.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Passage.Section)
	}
	return out
}

// A character of the question that is part of a word the handbook lacks
// is no evidence when a passage has it in another word: 市 of 上市 is not
// 市 of 本市, so "will the company go public" is refused by the page on
// the city's social insurance that names the company.
func TestCharacterOfAMissingWordIsNoEvidence(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex([]knowledgebase.Passage{
		{ID: 1, Doc: "pay.md", DocTitle: "pay.md", Section: "社保", Path: []string{"社保"}, Text: "公司从入职当月起为每位员工缴纳本市社会保险和住房公积金，按上一年度月平均工资计算缴费基数。"},
		{ID: 2, Doc: "pay.md", DocTitle: "pay.md", Section: "发薪日", Path: []string{"发薪日"}, Text: "公司每月 10 日发放上月工资，遇节假日提前。"},
	})
	for _, q := range []string{"公司会上市吗", "公司什么时候上市"} {
		if hits := ix.Search(q, nil, 1); len(hits) > 0 && hits[0].Relevance >= knowledgebase.DefaultMinRelevance {
			t.Errorf("%q: %s with relevance %.2f, want it refused", q, hits[0].Passage.Section, hits[0].Relevance)
		}
	}
}

// Two words the word list has as one term ("stock market") that the
// handbook never puts side by side, nor in Chinese, are a topic it does
// not cover, however often it says "stock" and "market" apart (the sample
// handbook: a fruit shop's stock, the market regulator); words apart in
// the question ("wedding or funeral") are not such a term.
func TestCompoundTheHandbookLacks(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex(loadSampleHandbook(t).passages)
	if hits := ix.Search("is the company going to be listed on the stock market?", nil, 1); len(hits) > 0 && hits[0].Relevance >= knowledgebase.DefaultMinRelevance {
		t.Errorf("stock market: %s with relevance %.2f, want it refused", hits[0].Passage.Section, hits[0].Relevance)
	}
	hits := ix.Search("what paperwork do I need to hand in for wedding or funeral leave?", nil, 1)
	if len(hits) == 0 || hits[0].Relevance < knowledgebase.DefaultMinRelevance {
		t.Errorf("wedding or funeral leave: %v, want an answer", sections(hits))
	}
}

// "Broken" is damaged, not a break: "report a broken printer" was answered
// with the rest-time rules of cover shifts (the glossary's 休息, break)
// instead of the equipment section that names the printers.
func TestBrokenIsNotABreak(t *testing.T) {
	t.Parallel()
	ix := knowledgebase.NewIndex(loadSampleHandbook(t).passages)
	hits := ix.Search("report a broken printer", nil, 1)
	if len(hits) == 0 || !strings.HasPrefix(hits[0].Passage.Section, "Equipment and IT") {
		t.Errorf("report a broken printer: %v, want Equipment and IT first", sections(hits))
	}
}
