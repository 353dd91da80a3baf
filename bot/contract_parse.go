package bot

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
)

// A contract as typed, in either language:
//
//	/contract alice fixed 2026-01-01 2028-12-31 probation 2026-03-31 signed 2026-01-02
//	/合同 李爱丽 固定期限 2026-01-01至2028-12-31 试用期3个月 签订于2026年1月2日
//
// is read into the fields of a contract dialog (contractFields), so that a
// line and a dialog fill the same fields and what a line leaves out is
// asked for.

// Fields of a contract dialog's data; a field holds a date (YYYY-MM-DD),
// contractNone for "none said", or a probation length as "3m".
const (
	fPerson    = "person"
	fKind      = "kind"
	fStart     = "start"
	fEnd       = "end"
	fProbation = "probation"
	fSigned    = "signed"
	// fAsk is set when the dialog asks for every field left out, optional
	// ones too; a complete line asks nothing.
	fAsk = "ask"
	// fID is the contract a signing date is recorded for.
	fID          = "id"
	contractNone = "-"
)

var (
	// dateWord is a date as people type it: 2026-01-02, 2026/1/2,
	// 2026.1.2, 2026年1月2日.
	dateWord = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$`)
	// monthsWord is a probation's length: 3个月, 3m, 3月, 3months.
	monthsWord = regexp.MustCompile(`^(\d{1,2}|[一二三四五六])(个月|個月|月|m|mo|months?)$`)
	// hanDigit splits Chinese words from the number or date they run into
	// ("试用期3个月", "签订于2026-01-02"); hanDate is a date written in
	// Chinese, read first so that it is not split.
	hanDigit = regexp.MustCompile(`(\p{Han})([0-9一二三四五六])`)
	hanDate  = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日?`)
)

var (
	probationWords = words("probation", "trial", "试用期", "试用", "试用期至", "试用至", "试用期到")
	signedWords    = words("signed", "sign", "signed-on", "签订", "签订于", "签署", "签署于", "签字", "签约", "签于", "已签")
	unsignedWords  = words("unsigned", "not yet", "未签", "未签订", "未签字", "未签署", "尚未签订", "还没签", "还没有")
	noneWords      = words("none", "no", "n/a", "-", "无", "没有", "不", "否", "无试用期", "不约定", "skip", "跳过")
	linkWords      = words("to", "until", "from", "-", "~", "～", "至", "到", "起", "从", "自", "止", "期限", "合同")
)

func words(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// parseContractDate reads one date. Errors: EInvalid contract.bad_date
// naming what was typed (an impossible date such as 2026-02-30 too).
func parseContractDate(s string) (core.Date, error) {
	m := dateWord.FindStringSubmatch(strings.TrimSpace(s))
	if m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		dd, _ := strconv.Atoi(m[3])
		d := core.Date{Year: y, Month: time.Month(mo), Day: dd}
		if mo >= 1 && mo <= 12 && d.Valid() {
			return d, nil
		}
	}
	return core.Date{}, core.Errorf(core.EInvalid, "contract.bad_date", "%q is not a date", s).With("value", s)
}

// looksLikeDate tells an attempt at a date (to be refused if wrong) from
// words that answer something else.
func looksLikeDate(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// probationMonths reads a probation's length in months, 0 when s is none.
func probationMonths(s string) int {
	m := monthsWord.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return 0
	}
	if n, err := strconv.Atoi(m[1]); err == nil {
		return n
	}
	return strings.Index("一二三四五六", m[1])/len("一") + 1
}

// contractTokens splits a line into words, with the Chinese words that
// run into numbers and the dashes between two dates taken apart.
func contractTokens(s string) []string {
	s = hanDate.ReplaceAllString(s, "$1-$2-$3")
	s = hanDigit.ReplaceAllString(s, "$1 $2")
	s = strings.NewReplacer("至", " 至 ", "到", " 到 ", "~", " ~ ", "～", " ～ ", "，", " ", ",", " ", "。", " ").Replace(s)
	return strings.Fields(s)
}

// parseContractLine reads `PERSON KIND START END probation DATE signed
// DATE` into a dialog's fields; any part may be left out. Errors: EInvalid
// contract.bad_date, contract.bad_word (Args word).
func parseContractLine(line string) (map[string]string, error) {
	toks := contractTokens(line)
	f := map[string]string{}
	var bare []string // dates given without a word before them: start, end
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		low := strings.ToLower(tok)
		next := func() string {
			if i+1 < len(toks) && !linkWords[toks[i+1]] {
				i++
				return toks[i]
			}
			if i+2 < len(toks) && linkWords[toks[i+1]] {
				i += 2
				return toks[i]
			}
			return ""
		}
		switch {
		case probationWords[low]:
			v, err := probationValue(next(), toks, &i)
			if err != nil {
				return nil, err
			}
			f[fProbation] = v
		case signedWords[low]:
			v, err := dateOrNone(next())
			if err != nil {
				return nil, err
			}
			f[fSigned] = v
		case unsignedWords[low]:
			f[fSigned] = contractNone
		case low == "无试用期" || low == "no-probation":
			f[fProbation] = contractNone
		case linkWords[low]:
		case looksLikeDate(tok):
			d, err := parseContractDate(tok)
			if err != nil {
				return nil, err
			}
			bare = append(bare, d.String())
		default:
			if i == 0 { // the person comes first
				f[fPerson] = tok
				continue
			}
			if k, ok := contracts.ParseKind(low); ok && f[fKind] == "" {
				f[fKind] = string(k)
				continue
			}
			return nil, core.Errorf(core.EInvalid, "contract.bad_word", "%q is not part of a contract", tok).With("word", tok)
		}
	}
	if len(bare) > 2 {
		return nil, core.Errorf(core.EInvalid, "contract.bad_word", "too many dates").With("word", bare[2])
	}
	for i, d := range bare {
		f[[]string{fStart, fEnd}[i]] = d
	}
	return f, nil
}

// probationValue reads what follows "probation": a date, a length in
// months ("3个月", "3 months"), or none.
func probationValue(v string, toks []string, i *int) (string, error) {
	if n := probationMonths(v); n > 0 {
		return strconv.Itoa(n) + "m", nil
	}
	if _, err := strconv.Atoi(v); err == nil && *i+1 < len(toks) && probationMonths(v+toks[*i+1]) > 0 {
		*i++ // "3 months"
		return v + "m", nil
	}
	return dateOrNone(v)
}

// dateOrNone reads a date, or a word for none. Errors: those of
// parseContractDate.
func dateOrNone(v string) (string, error) {
	if noneWords[strings.ToLower(v)] || v == "" {
		return contractNone, nil
	}
	d, err := parseContractDate(v)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}

// contractTerms builds the terms the fields say so far: missing or none
// fields are zero, a probation in months ends that many months after the
// start.
func contractTerms(f map[string]string) contracts.Terms {
	t := contracts.Terms{Kind: contracts.Kind(f[fKind])}
	date := func(k string) core.Date {
		d, _ := core.ParseDate(f[k])
		return d
	}
	t.Start, t.End, t.ProbationEnd, t.Signed = date(fStart), date(fEnd), date(fProbation), date(fSigned)
	if n := probationMonths(f[fProbation]); n > 0 && !t.Start.IsZero() {
		t.ProbationEnd = contracts.PeriodEnd(t.Start, n)
	}
	return t
}

// contractStep is the next field to ask for, "" when the fields are
// enough to store the contract.
func contractStep(f map[string]string) string {
	ask := f[fAsk] != ""
	k := contracts.Kind(f[fKind])
	switch {
	case f[fPerson] == "":
		return fPerson
	case !k.Valid():
		return fKind
	case f[fStart] == "":
		return fStart
	case f[fEnd] == "" && (k == contracts.FixedTerm || ask && k != contracts.OpenEnded):
		return fEnd
	case f[fProbation] == "" && ask && contracts.MaxProbation(contractTerms(f)).Months > 0:
		return fProbation
	case f[fSigned] == "" && ask:
		return fSigned
	}
	return ""
}
