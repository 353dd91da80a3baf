// Package personfile is each person's file (员工档案): their personal
// details — legal name, ID document, birth date, contact, emergency
// contact, education, social-insurance city — with the sensitive ones
// sealed at rest by the store and shown masked to anyone but HR and the
// person; corrections the person asks HR for; "my data", everything hrbot
// holds about a person as one file (个人信息保护法 art. 45); and the
// retention rule that erases the files of people who left long ago.
package personfile

import (
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/core"
)

// Field names one detail of a file, as commands, forms, audit rows and the
// my-data file name it.
type Field string

// The fields of a file, in the order they are shown.
const (
	FieldLegalName         Field = "legal_name"
	FieldIDType            Field = "id_type"
	FieldIDNumber          Field = "id_number"
	FieldBirthDate         Field = "birth_date"
	FieldGender            Field = "gender"
	FieldPhone             Field = "phone"
	FieldAddress           Field = "address"
	FieldEmergencyName     Field = "emergency_name"
	FieldEmergencyRelation Field = "emergency_relation"
	FieldEmergencyPhone    Field = "emergency_phone"
	FieldEducation         Field = "education"
	FieldSchool            Field = "school"
	FieldMajor             Field = "major"
	FieldGraduationYear    Field = "graduation_year"
	FieldInsuranceCity     Field = "insurance_city"
)

// Fields lists every field in display order.
func Fields() []Field {
	return []Field{FieldLegalName, FieldIDType, FieldIDNumber, FieldBirthDate, FieldGender, FieldPhone, FieldAddress,
		FieldEmergencyName, FieldEmergencyRelation, FieldEmergencyPhone, FieldEducation, FieldSchool, FieldMajor,
		FieldGraduationYear, FieldInsuranceCity}
}

// Sensitive reports whether the field is sealed at rest and masked for
// anyone but HR and the person.
func (f Field) Sensitive() bool {
	switch f {
	case FieldIDNumber, FieldPhone, FieldAddress, FieldEmergencyPhone:
		return true
	}
	return false
}

// Valid reports whether f is a field of the file.
func (f Field) Valid() bool {
	for _, g := range Fields() {
		if f == g {
			return true
		}
	}
	return false
}

// fieldWords are the words people type for each field, in English and
// Chinese, besides the field's own name.
var fieldWords = map[Field][]string{
	FieldLegalName:         {"name", "legal-name", "姓名", "法定姓名", "真实姓名"},
	FieldIDType:            {"id-type", "证件类型"},
	FieldIDNumber:          {"id", "id-number", "idnumber", "证件号", "证件号码", "身份证", "身份证号", "身份证号码"},
	FieldBirthDate:         {"birthday", "birth", "birthdate", "dob", "出生日期", "生日"},
	FieldGender:            {"sex", "性别"},
	FieldPhone:             {"mobile", "tel", "手机", "手机号", "手机号码", "电话"},
	FieldAddress:           {"addr", "地址", "住址", "家庭住址", "现住址"},
	FieldEmergencyName:     {"emergency", "emergency-contact", "紧急联系人"},
	FieldEmergencyRelation: {"relation", "relationship", "关系", "紧急联系人关系"},
	FieldEmergencyPhone:    {"emergency-phone", "紧急联系电话", "紧急联系人电话"},
	FieldEducation:         {"degree", "学历", "最高学历"},
	FieldSchool:            {"university", "college", "学校", "毕业院校"},
	FieldMajor:             {"专业"},
	FieldGraduationYear:    {"graduated", "graduation", "毕业年份", "毕业时间"},
	FieldInsuranceCity:     {"insurance", "social-insurance-city", "社保城市", "社保缴纳地", "参保城市"},
}

// ParseField reads a field from its name or a word people use for it
// ("phone", "手机", "身份证").
func ParseField(s string) (Field, bool) {
	w := strings.ToLower(strings.TrimSpace(s))
	w = strings.TrimRight(w, ":：")
	if f := Field(strings.ReplaceAll(w, "-", "_")); f.Valid() {
		return f, true
	}
	w = strings.ReplaceAll(w, "_", "-")
	for f, words := range fieldWords {
		for _, x := range words {
			if w == x {
				return f, true
			}
		}
	}
	return "", false
}

// IDType is the kind of identity document a person's ID number is from.
type IDType string

// ID document types accepted in China's employment records.
const (
	IDResident    IDType = "resident_id"     // 居民身份证
	IDPassport    IDType = "passport"        // 护照
	IDHKMacau     IDType = "hk_macau_permit" // 港澳居民来往内地通行证
	IDTaiwan      IDType = "taiwan_permit"   // 台湾居民来往大陆通行证
	IDForeignerPR IDType = "foreign_pr"      // 外国人永久居留身份证
	IDOther       IDType = "other"
)

// IDTypes lists the ID types in the order forms offer them.
func IDTypes() []IDType {
	return []IDType{IDResident, IDPassport, IDHKMacau, IDTaiwan, IDForeignerPR, IDOther}
}

var idTypeWords = map[IDType][]string{
	IDResident:    {"resident", "id-card", "身份证", "居民身份证"},
	IDPassport:    {"护照"},
	IDHKMacau:     {"hk-macau", "回乡证", "港澳通行证", "港澳居民来往内地通行证"},
	IDTaiwan:      {"taiwan", "台胞证", "台湾居民来往大陆通行证"},
	IDForeignerPR: {"permanent-residence", "pr", "永居证", "外国人永久居留身份证", "外国人永久居留证"},
	IDOther:       {"其他"},
}

// ParseIDType reads an ID type from its key or a word for it.
func ParseIDType(s string) (IDType, bool) {
	return parseWord(s, IDTypes(), idTypeWords)
}

// Education is a person's highest level of education.
type Education string

// Levels of education as Chinese employment records list them.
const (
	EduBelowHighSchool Education = "below_high_school"   // 初中及以下
	EduHighSchool      Education = "high_school"         // 高中
	EduSecondaryTech   Education = "technical_secondary" // 中专
	EduJuniorCollege   Education = "junior_college"      // 大专
	EduBachelor        Education = "bachelor"            // 本科
	EduMaster          Education = "master"              // 硕士
	EduDoctorate       Education = "doctorate"           // 博士
)

// Educations lists the levels, lowest first.
func Educations() []Education {
	return []Education{EduBelowHighSchool, EduHighSchool, EduSecondaryTech, EduJuniorCollege, EduBachelor, EduMaster, EduDoctorate}
}

var educationWords = map[Education][]string{
	EduBelowHighSchool: {"初中", "初中及以下", "小学", "middle-school"},
	EduHighSchool:      {"高中", "high-school"},
	EduSecondaryTech:   {"中专", "技校", "职高", "vocational"},
	EduJuniorCollege:   {"大专", "专科", "college", "associate"},
	EduBachelor:        {"本科", "学士", "bachelors", "undergraduate"},
	EduMaster:          {"硕士", "研究生", "masters"},
	EduDoctorate:       {"博士", "phd", "doctor"},
}

// ParseEducation reads a level of education from its key or a word for it.
func ParseEducation(s string) (Education, bool) {
	return parseWord(s, Educations(), educationWords)
}

func parseWord[T ~string](s string, all []T, words map[T][]string) (T, bool) {
	w := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	for _, v := range all {
		if w == strings.ReplaceAll(string(v), "_", "-") {
			return v, true
		}
		for _, x := range words[v] {
			if w == x {
				return v, true
			}
		}
	}
	return "", false
}

// File is one person's personal details. IDNumber, Phone, Address and
// EmergencyPhone are the sensitive fields (Field.Sensitive).
type File struct {
	LegalName         string
	IDType            IDType
	IDNumber          string
	BirthDate         core.Date // zero when not given
	Gender            core.Gender
	Phone             string
	Address           string
	EmergencyName     string
	EmergencyRelation string
	EmergencyPhone    string
	Education         Education
	School            string
	Major             string
	GraduationYear    int // 0 when not given
	InsuranceCity     string
	// UpdatedAt is when the file last changed; zero for a file never written.
	UpdatedAt time.Time
	// ErasedAt is when the retention rule erased the file.
	ErasedAt time.Time
}

// Get returns a field as text: dates as 2006-01-02, kinds by their key,
// "" when empty.
func (f File) Get(field Field) string {
	switch field {
	case FieldLegalName:
		return f.LegalName
	case FieldIDType:
		return string(f.IDType)
	case FieldIDNumber:
		return f.IDNumber
	case FieldBirthDate:
		if f.BirthDate.IsZero() {
			return ""
		}
		return f.BirthDate.String()
	case FieldGender:
		return string(f.Gender)
	case FieldPhone:
		return f.Phone
	case FieldAddress:
		return f.Address
	case FieldEmergencyName:
		return f.EmergencyName
	case FieldEmergencyRelation:
		return f.EmergencyRelation
	case FieldEmergencyPhone:
		return f.EmergencyPhone
	case FieldEducation:
		return string(f.Education)
	case FieldSchool:
		return f.School
	case FieldMajor:
		return f.Major
	case FieldGraduationYear:
		if f.GraduationYear == 0 {
			return ""
		}
		return strconv.Itoa(f.GraduationYear)
	case FieldInsuranceCity:
		return f.InsuranceCity
	}
	return ""
}

// Empty reports whether the file holds no detail at all.
func (f File) Empty() bool {
	for _, field := range Fields() {
		if f.Get(field) != "" {
			return false
		}
	}
	return true
}

// Changed lists the fields whose values differ between f and g.
func (f File) Changed(g File) []Field {
	var out []Field
	for _, field := range Fields() {
		if f.Get(field) != g.Get(field) {
			out = append(out, field)
		}
	}
	return out
}

// Masked returns f with its sensitive fields masked, as anyone but HR
// and the person sees them.
func (f File) Masked() File {
	f.IDNumber = MaskID(f.IDNumber)
	f.Phone = MaskPhone(f.Phone)
	f.Address = MaskAddress(f.Address)
	f.EmergencyPhone = MaskPhone(f.EmergencyPhone)
	return f
}
