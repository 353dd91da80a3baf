// Package intent reads what a person wants from a chat message typed in
// their own words, Chinese or English: "下班打卡", "这周谁请假了", "I want to
// take tomorrow off", "cancel my sick leave tomorrow". It names the intent
// (check out, who is off, ask for leave, cancel leave…) and pulls out its
// slots (leave type, dates, hours, reason, job, person). It has no state
// and does no I/O: the bot gives it the org's words (Vocab) and acts on
// what it returns. Commands typed as commands ("/leave …", "请假 …") are
// the bot's; this package reads everything else, and the slots of both.
package intent

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hrbot/hrbot/bot/when"
	"github.com/hrbot/hrbot/core"
)

// Name is an intent.
type Name string

// Intents. Their names are stable: the conversation corpus in testdata
// uses them.
const (
	CheckIn      Name = "checkin"
	CheckOut     Name = "checkout"
	LeaveRequest Name = "leave.request"
	LeaveCancel  Name = "leave.cancel"
	LeaveMine    Name = "leave.mine"
	LeaveBalance Name = "leave.balance"
	WhosOff      Name = "leave.whosoff"
	Attendance   Name = "attendance.me"
	Fix          Name = "attendance.fix"
	Today        Name = "attendance.today"
	Schedule     Name = "schedule"
	Pending      Name = "approvals.pending"
	Cover        Name = "cover.request"
	Payslip      Name = "payslip"
	Skills       Name = "skills"
	Quiz         Name = "quiz"
	Whois        Name = "whois"
	Whoami       Name = "whoami"
	Resign       Name = "resign"
	Broadcast    Name = "broadcast"
	Help         Name = "help"
	Lang         Name = "lang"
	Report       Name = "report"
	// FAQ is a question for the handbook.
	FAQ Name = "faq"
	// Other is small talk (thanks, ok, 👍) or nothing recognisable.
	Other Name = "other"
)

// Vocab is an org's own words: its leave types (keys, names, aliases),
// jobs and people, so "请婚假" finds the marriage type and "赵敏是谁" a
// person.
type Vocab struct {
	LeaveTypes []LeaveType
	Jobs       []Named
	People     []Named
	// PeopleNames, when set, is People prepared by NewNames, kept by the
	// caller between messages.
	PeopleNames *Names
}

// LeaveType is a leave type as people name it.
type LeaveType struct {
	Key     string
	Name    string // as the org file gives it: "年假 Annual leave"
	Aliases []string
	// Kind is what the type is for, when the org's key or accrual says:
	// "annual", "sick", "personal", "comp"… It lets everyday words (PTO,
	// TOIL, unpaid leave) find the org's type whatever its key.
	Kind string
}

// Named is a job or person: a key and the names people use for it.
type Named struct {
	Key   string
	Names []string
}

var (
	reSmallTalk = pattern(`^(?:谢谢|多谢|感谢|好的|好|好滴|收到|明白了?|了解|知道了|你好|您好|嗨|哈+|嗯+|哦+|辛苦了?|拜拜|再见|早上好|早安|晚安|` +
		`thanks?|thank you|thx|ty|ok|okay|k|got it|cool|great|nice|hello|hi|hey|there|good (?:morning|afternoon|evening|night)|morning|bye|see you|np|yes|no|sure)$`)

	reFix = []*regexp.Regexp{
		pattern(`补卡|补.{0,8}卡|漏打卡|漏卡`),
		pattern(`^/?fix\b|\bcorrect(?:ion)?\b.*\b(?:punch|clock|check)|\bpunch correction\b|\bmissed (?:a )?punch\b|\bfix (?:my )?(?:punch|clock|check)`),
	}
	reCancel = []*regexp.Regexp{
		pattern(`(?:取消|撤回|撤销|撤掉|撤了|不请了|不休了|不用请了|不要了).*(?:假|休|申请)|(?:假|休|申请).*(?:取消|撤回|撤销|撤掉|撤了|不请了|不休了|不要了)`),
		pattern(`\b(?:cancel|cancle|cancell?ed|withdraw|retract|undo|scrap|drop|take back|call off|remove)\b.*\b(?:leave|leav|vacation|pto|day off|days off|time off|comp|toil|lieu|request|it|booking)\b`),
	}
	// reForgotPunch is a missed punch told, not asked about: "周一下班忘
	// 记打卡了，我是18:30走的", "I forgot to clock out on Monday".
	reForgotPunch = []*regexp.Regexp{
		pattern(`忘(?:记)?(?:了)?打(?:上班|下班)?卡|没打(?:上)?卡|卡没打|没打上|漏打|补一下|补个`),
		pattern(`\bforgot (?:to )?(?:clock|check|punch|sign)|\bmissed (?:my |a )?(?:punch|clock|check)|\bdidn'?t (?:clock|check|punch)|\bdidn'?t register\b`),
	}
	reReport = []*regexp.Regexp{
		pattern(`报表|(?:考勤|请假|顶班|出勤|离职|培训|人员|周|月)(?:报告|汇总|统计)|统计表|\breports?\b|\bsummary\b`),
		// Who is late most, or off most, over a time ("这个月谁迟到最多"): the
		// attendance or leave report of that time; who is late today is not.
		pattern(`谁(?:迟到|请假|缺勤)(?:次数)?(?:得)?最多|(?:迟到|请假)(?:次数)?最多的|\bwho(?:'s| was| is| has been)? (?:been )?(?:late|off|absent) (?:the )?most\b|\bmost (?:late|absent)\b`),
	}
	reHelp = []*regexp.Regexp{
		pattern(`^(?:帮助|菜单|怎么用|如何使用|使用说明)|(?:机器人|你|这个|bot).{0,3}怎么用|有哪些功能|有什么功能|你能(?:干|做)|你会(?:干|做)`),
		pattern(`^/?help(?: me| please| pls)?[\s.!?]*$|^commands?$|what can you do|how (?:do|can) i use (?:this|the|you)|what do you do`),
	}
	rePending = []*regexp.Regexp{
		pattern(`待审批|待我审批|待我批|要我审批|要我批|需要我(?:审批|批)|等我(?:审批|批)|几个.{0,6}没批|没批的|未审批`),
		pattern(`\bpending\b|\bto approve\b|\bawaiting my approval\b|\bwaiting (?:for|on) (?:my|me)\b|\bneeds? my approval\b`),
	}
	reToday = []*regexp.Regexp{
		pattern(`今日出勤|今天出勤|出勤情况|到岗情况|谁(?:还)?(?:没|未)(?:有)?(?:打卡|来|到)|谁迟到|谁缺勤|谁旷工|谁在岗|谁到了|谁来了|都到齐|到齐了`),
		pattern(`\banyone (?:absent|late|missing)\b|\bwho(?:'s| is| are|s)? (?:in|here|late|absent|missing)\b|\bwho (?:hasn't|has not|didn't|did not) (?:checked|check|clocked|clock) in\b|\btoday'?s attendance\b|\battendance today\b`),
	}
	reWhosOff = []*regexp.Regexp{
		pattern(`谁(?:在)?(?:请假|休假|休年假|休息|调休|不在)|谁.{0,3}(?:请|休)了?假|有(?:人|谁)(?:在)?(?:请假|休假)|哪些人.{0,4}(?:请假|休假|休)|请假名单|休假名单|请假的人`),
		pattern(`\bwho(?:'s| is| are|s)? (?:off|out|away|on (?:leave|vacation|holiday|pto))\b|\banyone (?:off|out|away|on (?:leave|vacation))\b|\bwho(?:'s| is)? taking\b.*\boff\b|\bon leave\b.*\?|\bcolleagues are (?:off|on leave)|\bwhich (?:staff|people|colleagues|employees|of us)\b.*\b(?:leave|off|away)\b|^/?whosoff\b`),
	}
	reBalance = []*regexp.Regexp{
		pattern(`余额|还剩|剩余|剩(?:多少|几)|还有(?:几|多少)|还能请|还可以请|有多少(?:天)?(?:年假|调休|假)`),
		pattern(`\bbalance\b|\b(?:days?|hours?|leave|vacation|pto|toil)\b.*\bleft\b|\bleft\b.*\b(?:days?|leave|vacation|pto)\b|\bhow (?:much|many)\b.*\b(?:toil|comp|lieu|annual|vacation|pto|leave|days off|sick days)\b.*\b(?:have|got|get|left)\b|\bremaining\b`),
	}
	reMine = []*regexp.Regexp{
		pattern(`我的(?:请假|假|休假)(?:申请|记录)?|我请的假|我请了(?:哪些|什么)假|我的假批|请假(?:审批|申请)?(?:到哪|进度|状态)|审批到哪`),
		pattern(`\bmy (?:leave|vacation|pto|time off)(?: requests?| status| history)?\b|\bstatus of my\b|\bhas my (?:leave|vacation|request)\b|\bdid (?:my manager|my boss|\w+) approve my\b|\bwhat leave do i have\b|\bmy requests\b`),
	}
	// rePolicy is a question about the rules rather than a request:
	// "年假怎么算", "do I need a doctor's note", "who approves leave",
	// "can I take sick leave without a note" (asking leave would name days).
	rePolicy = []*regexp.Regexp{
		pattern(`怎么办|怎么算|怎样算|怎么计算|怎么发|怎么扣|是怎么|如何|算迟到|算早退|算加班|扣工资|扣钱|扣不扣|几天假|一共多少|总共多少|放几天|多少天(?:假)?[吗呢?]?$|(?:^|[^还])有几天|结转|有效期|过期|作废|会不会|最多|最长|几天前|提前几天|提前多久|提前多少|要谁批|谁来批|谁批|需要写|要写|开证明|证明吗|有补贴|补贴吗|福利|密码|停车|食堂|补考|多长|多久|几号发|发工资|工资怎么|规定|政策|制度|可以带|允许`),
		pattern(`^(?:how (?:is|are|does|do|long|far|much notice|many days of|much (?:is|does))|what happens|what counts|what is the|what's the|whats the|do i need|do (?:we|i) (?:get|have to)|do we have|is there|are there|is \w+ (?:leave )?paid|how (?:early|late|soon)|can i carry|can we|who approves|who can approve|where (?:is|do|can)|when (?:is|do|does) (?:payday|pay|we))|\bcarry (?:over|forward)\b|\bexpire|\bpolicy\b|\brules?\b|\ballowed\b|\bfrom home\b|\bhow far in advance\b|\bin advance\b|\bcount as\b|\bdoctor's note\b.*\?|^(?:can|could|may|do|does|is|am) i\b.*\bwithout\b`),
	}
	reCover = []*regexp.Regexp{
		pattern(`求支援|支援|顶班|找人顶|顶一下|帮忙顶|缺\d*个?人|缺人|缺[一二两三四五]个|代班|需要[一二两三四五\d]+个人|人手不够|人手不足`),
		pattern(`\bcover\b|\bcover(?:age)? needed\b|\bshift cover\b|\bshort[- ]?(?:staffed|handed)\b|\bwe'?re short\b|\bextra hands\b|\bfind \d+ (?:people|persons|colleagues)\b`),
	}
	reCheckOut = []*regexp.Regexp{
		pattern(`下班打卡|打卡下班|打.{0,3}下班卡|签退|^下班(?:了|啦)?$|下班(?:了|啦)|收工|^下班$`),
		pattern(`\b(?:check|chek|chk)(?:ing|ed)?(?: me)?[ -]?out\b|\bcheckout\b|\bclock(?:ing)?(?: me)? ?out\b|\bpunch(?:ing)?(?: me)? ?out\b|\bsign(?:ing)?(?: me)? ?out\b|\blog(?:ging)?(?: me)? off\b`),
	}
	reCheckIn = []*regexp.Regexp{
		pattern(`上班打卡|打卡上班|打.{0,3}上班卡|签到|签个到|上班(?:了|啦)|^上班$`),
		pattern(`\b(?:check|chek|chk)(?:ing)?(?: me)?[ -]?in\b|\bcheckin\b|\bclock(?:ing)?(?: me)? ?in\b|\bpunch(?:ing)?(?: me)? ?in\b|\bsign(?:ing)?(?: me)? ?in\b`),
	}
	// reArrived is being there, said rather than asked: "I just arrived",
	// "到岗了", "I'm at work now", "我到公司了" check in; "what if the parcel
	// arrived broken?", "几点到岗？" ask the handbook. Being at a place is
	// arrival only as the whole message ("I'm at work tomorrow" is not).
	reArrived = pattern(`到岗|\barrived\b|\bi'?m (?:in|here)\b|` +
		`^(?:i'?m|i am|just|now)?\s*(?:at|in|got to|got in to|made it to|here at) (?:work|the office|the shop|the store|the warehouse)(?: now| just now)?[.!。！]*$|` +
		`^(?:i )?(?:just )?(?:got|made it) (?:in|here)(?: now)?[.!。！]*$|` +
		`^(?:我|刚)?(?:刚)?到(?:公司|店里?|门店|仓库|单位|岗位)了[。!！]*$|^我?(?:已经|刚)?到了[。!！]*$`)
	// rePunch is 打卡 alone: in, unless it speaks of going home.
	rePunch    = pattern(`打(?:个)?卡`)
	reSchedule = []*regexp.Regexp{
		pattern(`排班|班表|上什么班|什么班|下一?个班|下一班|下次(?:上班|的班)|我什么时候上班|几点上班|几点到岗|几点下班|几点(?:到几点)?的班|什么时候的班|早班还是晚班|晚班还是早班|要上班吗|上班吗|用上班吗|哪天休息|哪天上班|休息吗|班次|的班$|的班[吗呢?]`),
		pattern(`\bshifts?\b|\bschedule\b|\brota\b|\broster\b|\bdo i work\b|\bam i working\b|\bwhen do i work\b|\bam i on\b|\bwork(?:ing)? (?:on|this|next|tomorrow)\b`),
	}
	reAttendance = []*regexp.Regexp{
		pattern(`考勤|出勤记录|打卡记录|迟到(?:了)?几次|迟到多少|迟到过|加班多少|加了多少班|有没有缺勤|缺勤几|旷工几|早退几`),
		pattern(`\battendance\b|\bhow many times (?:was|have|did) i\b|\bhow (?:much|many) (?:overtime|ot|hours) (?:did|have) i\b|\bwas i late\b|\bmy (?:lates|absences|overtime)\b`),
	}
	rePayslip = []*regexp.Regexp{pattern(`工资条|工资单|工资明细|薪资单|\bpay ?slips?\b|\bsalary slip\b|\bpay stub\b|\bwage slip\b`)}
	reSkills  = []*regexp.Regexp{pattern(`技能|认证|证书|资质|\bskills?\b|\bcertif`)}
	reQuiz    = []*regexp.Regexp{pattern(`考试|测验|测试题|做题|答题|\bquiz(?:zes)?\b|\bexams?\b|\btests?\b`)}
	reLang    = []*regexp.Regexp{
		pattern(`语言|英文|中文|说英语|说中文`),
		pattern(`\blanguage\b|\benglish\b|\bchinese\b|\bmandarin\b`),
	}
	// reBroadcast is a message for everyone: "给全员发通知：周五开会", "通知大家：…",
	// "tell everyone: …". The text to send follows a colon or the words.
	reBroadcast = pattern(`^(?:请|帮我)?(?:给|向)?(?:全员|大家|所有人|全体员工|全体)(?:发|群发)(?:个|一条|一个)?(?:通知|消息)|^(?:请|帮我)?(?:通知|告诉)(?:一下)?(?:全员|大家|所有人|全体员工)|^群发(?:通知)?[:：]|` +
		`^(?:please )?(?:tell|notify|message|announce to) (?:everyone|everybody|all staff|the whole team|all)\b|^(?:send|post) (?:an? )?(?:announcement|message|notice) to (?:everyone|everybody|all staff|the whole team)\b`)
	// reResign is saying one wants to leave the company: "我想辞职", "I want
	// to resign". Asked ("辞职要提前多久？") it is a question for the handbook.
	reResign = pattern(`我(?:想|要|打算|准备|决定)(?:了)?(?:辞职|离职)|^(?:辞职|离职)了?$|` +
		`\bi(?:'d| would)? (?:want|like|wish|need|have decided|decided|am going|'m going|plan) to (?:resign|quit)\b|\bi(?:'m| am) (?:resigning|quitting)\b|\bhand(?:ing)? in my (?:notice|resignation)\b`)
	// reWhoami asks for one's own record: who one reports to, one's team.
	reWhoami = pattern(`我的(?:上级|直属上级|领导|主管|经理|老板|组长)是谁|我归谁管|我(?:是)?哪个(?:组|部门|团队)的|^我是谁|` +
		`\bwho(?:'s| is|s) my (?:manager|boss|supervisor|team lead|line manager|lead)\b|\bwho do i report to\b|^who am i\b|\bwhich team am i\b`)
	reWhoisCue = pattern(`是谁|哪个组|哪个部门|联系方式|电话|邮箱|是做什么|做什么的|干什么的|干啥的|查一下|查查|查人|^/?whois\b|\bwho(?:'s| is|s)\b|\bemail\b|\bphone\b|\bcontact\b|\bfind\b|\blook up\b`)
	reLeave    = []*regexp.Regexp{
		pattern(`请假|请.{0,6}假|休假|调休|年休假|年假|病假|事假|婚假|产假|丧假|陪产假|请一天|请半天|不来了|来不了`),
		pattern(`\bleave\b|\bleav\b|\boff\b|\bpto\b|\bvacation\b|\btoil\b|\bcomp time\b|\btime off\b|\bday off\b|\bsick\b|\bholiday\b`),
	}
	reQuestion = pattern(`[?？]|吗|呢|什么|怎么|怎样|如何|几|多少|哪|是否|能不能|可不可以|有没有|要不要|为什么|谁|请问|咋|` +
		`^(?:what|what's|whats|how|hows|how's|when|where|why|who|which|can|could|do|does|did|is|are|am|should|may|will|would|shall|any|tell)\b`)
)

// reReportVerb is "report" the verb, telling of something rather than
// asking for the managers' reports: "report a problem with my laptop",
// "how do I report harassment?", "report sick".
var reReportVerb = pattern(`\breport (?:a|an|my|it|to|sick|someone|somebody|something|him|her|them|(?:this |the )?(?:problems?|issues?|bugs?|faults?|incidents?|accidents?|injur(?:y|ies))|harassment|abuse|bullying|theft|misconduct|discrimination)\b`)

// Classify names the intent of a message typed in free text, not as a
// command. The rules are tried from the most specific (a correction, a
// cancellation, a report) to the most general (leave words), and policy
// questions are told from requests before the request rules run: "请假要
// 提前几天" asks about a rule, "请假 明天" asks for leave.
func Classify(text string, v Vocab) Name {
	s := lower(text)
	w := words(s)
	if w == "" {
		return Other // 👍, 🙏
	}
	if smallTalk(w) {
		return Other
	}
	switch {
	case any(s, rePending...):
		return Pending
	case any(s, reFix...) && !any(s, rePolicy...):
		return Fix
	case any(s, reCancel...):
		return LeaveCancel
	case any(s, reReport...) && !reReportVerb.MatchString(s):
		return Report
	case any(s, reHelp...):
		return Help
	case any(s, reToday...):
		return Today
	case any(s, reWhosOff...):
		return WhosOff
	case any(s, reBalance...) && !any(s, rePolicy...) || any(s, reBalance...) && selfSpeaking(s):
		return LeaveBalance
	case any(s, reMine...):
		return LeaveMine
	case any(s, reAttendance...) && selfSpeaking(s) && !strings.Contains(s, "怎么"):
		return Attendance
	case any(s, rePolicy...):
		return FAQ
	case any(s, reForgotPunch...):
		return Fix
	case any(s, reCover...):
		return Cover
	case any(s, reCheckOut...):
		return CheckOut
	case any(s, reCheckIn...), reArrived.MatchString(s) && !reQuestion.MatchString(s):
		return CheckIn
	case rePunch.MatchString(s) && !strings.Contains(s, "下班") && !reQuestion.MatchString(s):
		return CheckIn
	case any(s, reSchedule...) && !leaveAsked(s, v):
		return Schedule
	case any(s, reAttendance...):
		return Attendance
	case any(s, rePayslip...):
		return Payslip
	case any(s, reSkills...):
		return Skills
	case any(s, reQuiz...):
		return Quiz
	case any(s, reLang...):
		return Lang
	case reBroadcast.MatchString(s) && BroadcastText(text) != "":
		return Broadcast
	case reWhoami.MatchString(s):
		return Whoami
	case reResign.MatchString(s) && !reQuestion.MatchString(s):
		return Resign
	case namesPerson(s, v) && reWhoisCue.MatchString(s):
		return Whois
	case leaveAsked(s, v) && asksWithoutDates(s):
		// "can I split my annual leave into several parts?", "年假可以分几次
		// 休？": a question about leave that names no day asks the rules.
		return FAQ
	case leaveAsked(s, v):
		return LeaveRequest
	case reQuestion.MatchString(s):
		return FAQ
	}
	if len([]rune(w)) >= 6 {
		return FAQ // a search: "annual leave carry over"
	}
	return Other
}

// BroadcastText is the message a request to tell everyone carries: what
// follows its colon ("给全员发通知：周五下午三点开会" → "周五下午三点开会"), else
// what follows the words that ask for it; "" when nothing does.
func BroadcastText(text string) string {
	t := strings.TrimSpace(text)
	if i := strings.IndexAny(t, ":："); i >= 0 {
		_, size := utf8.DecodeRuneInString(t[i:])
		return strings.TrimSpace(t[i+size:])
	}
	if m := reBroadcast.FindStringIndex(lower(t)); m != nil && m[0] == 0 && len(lower(t)) == len(t) {
		return strings.TrimLeft(strings.TrimSpace(t[m[1]:]), ",，.。 ")
	}
	return ""
}

// Asks reports whether a message asks something — a question word or
// mark, or a question about the rules — rather than telling or ordering:
// "leave policy for weddings?" asks, "leave annual friday" does not.
func Asks(text string) bool {
	s := lower(text)
	return reQuestion.MatchString(s) || any(s, rePolicy...)
}

// IsSmallTalk reports whether a message is only pleasantries: "谢谢",
// "ok thanks", "👍".
func IsSmallTalk(text string) bool {
	w := words(lower(text))
	return w == "" || smallTalk(w)
}

// reQuestionEnd is a message that ends as a question, or asks what or how
// (请病假要什么材料, 调休怎么申请): a leave word in it asks the rules.
var reQuestionEnd = pattern(`[?？]\s*$|[吗呢]\s*[?？]?\s*$|什么|怎么|如何|哪些`)

// asksWithoutDates reports a question that names no day or hours.
func asksWithoutDates(s string) bool {
	if !reQuestionEnd.MatchString(s) {
		return false
	}
	_, _, found, err := when.FindSpan(s, core.NewDate(2026, 1, 1), when.Future)
	if found || err != nil {
		return false
	}
	_, _, found, err = when.FindClock(s)
	if found || err != nil {
		return false
	}
	_, _, found = when.FindDuration(s)
	return !found
}

// smallTalk reports whether every word of w is a pleasantry.
func smallTalk(w string) bool {
	rest := w
	for _, part := range strings.Fields(w) {
		if reSmallTalk.MatchString(part) {
			rest = strings.Replace(rest, part, "", 1)
		}
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return true
	}
	// Two-word pleasantries and Chinese run together: "thank you", "好的收到".
	if reSmallTalk.MatchString(w) {
		return true
	}
	for _, p := range []string{"thank you", "see you", "got it", "good morning", "good night", "谢谢", "好的", "收到", "明白了", "明白", "辛苦了", "你好", "哈哈", "嗯嗯", "拜拜"} {
		w = strings.ReplaceAll(w, p, " ")
	}
	return strings.TrimSpace(w) == "" || smallTalkWords(w)
}

func smallTalkWords(w string) bool {
	for _, part := range strings.Fields(w) {
		if !reSmallTalk.MatchString(part) {
			return false
		}
	}
	return true
}

// selfSpeaking reports whether the person speaks of themselves: "my",
// "I", 我 (not 我们, "we").
var reSelf = pattern(`\b(?:i|i'm|im|i've|i'd|my|me|mine)\b`)

func selfSpeaking(s string) bool {
	return strings.Contains(strings.ReplaceAll(s, "我们", ""), "我") || reSelf.MatchString(s)
}

// leaveAsked reports whether the message asks for leave: leave words, or
// one of the org's leave type names.
func leaveAsked(s string, v Vocab) bool {
	if any(s, reLeave...) {
		return true
	}
	_, at := findLeaveType(s, v)
	return at[0] >= 0
}

// namesPerson reports whether s names one of the org's people.
func namesPerson(s string, v Vocab) bool {
	_, ok := FindPerson(s, v)
	return ok
}
