package personfile_test

import (
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/personfile"
)

func date(s string) core.Date {
	d, err := core.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func keyOf(err error) string {
	if e, ok := core.AsError(err); ok {
		return e.Key
	}
	if err != nil {
		return "not a core error: " + err.Error()
	}
	return ""
}

// GB 11643's check character, on the standard's own example and numbers
// made for these tests; every wrong character is caught.
func TestResidentIDChecksum(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, id string
		key      string // "" is valid
		birth    string
		gender   core.Gender
	}{
		{"StandardExample", "11010519491231002X", "", "1949-12-31", core.Female},
		{"Guangdong", "440524188001010014", "", "1880-01-01", core.Male},
		{"CheckX", "11010119950307123X", "", "1995-03-07", core.Male},
		{"LeapDay", "310115200002294567", "", "2000-02-29", core.Female},
		{"WrongCheckDigit", "110105194912310021", "personfile.id_checksum", "", ""},
		{"WrongDigitInside", "11010519491231012X", "personfile.id_checksum", "", ""},
		{"SwappedDigits", "11010519941231002X", "personfile.id_checksum", "", ""},
		{"ImpossibleBirthDate", "110105199502301238", "personfile.id_birth_invalid", "", ""},
		{"FirstGeneration15Digits", "110105491231002", "personfile.id_format", "", ""},
		{"Letters", "11010519491231002Y", "personfile.id_format", "", ""},
		{"Empty", "", "personfile.id_format", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			id, err := personfile.ParseResidentID(c.id)
			if got := keyOf(err); got != c.key {
				t.Fatalf("%s: got %q, want %q", c.id, got, c.key)
			}
			if c.key == "" && (id.Birth != date(c.birth) || id.Gender != c.gender) {
				t.Errorf("%s says %+v, want %s %s", c.id, id, c.birth, c.gender)
			}
		})
	}
	// Every single-character change of a valid number is caught.
	valid := "11010119950307123X"
	for i := 0; i < 18; i++ {
		for _, r := range "0123456789X" {
			b := []byte(valid)
			if b[i] == byte(r) || i < 17 && r == 'X' {
				continue
			}
			b[i] = byte(r)
			if _, err := personfile.ParseResidentID(string(b)); err == nil {
				t.Errorf("%s (position %d changed) passed", b, i)
			}
		}
	}
}

func TestCheckTheFile(t *testing.T) {
	t.Parallel()
	today := date("2026-11-25")
	file := func(fields map[personfile.Field]string) (personfile.File, error) {
		var f personfile.File
		for _, k := range personfile.Fields() {
			if v, ok := fields[k]; ok {
				if err := f.Set(k, v); err != nil {
					return f, err
				}
			}
		}
		return f, nil
	}
	cases := []struct {
		name   string
		fields map[personfile.Field]string
		hire   string
		key    string
	}{
		{"IDFillsBirthAndGender", map[personfile.Field]string{personfile.FieldIDNumber: "1101 0119 9503 0712 3x"}, "", ""},
		{"IDMatchesBirth", map[personfile.Field]string{personfile.FieldIDNumber: "11010119950307123X", personfile.FieldBirthDate: "1995/3/7"}, "", ""},
		{"IDDisagreesWithBirth", map[personfile.Field]string{personfile.FieldIDNumber: "11010119950307123X", personfile.FieldBirthDate: "1995-03-08"}, "", "personfile.id_birth_mismatch"},
		{"IDDisagreesWithGender", map[personfile.Field]string{personfile.FieldIDNumber: "11010119950307123X", personfile.FieldGender: "女"}, "", "personfile.id_gender_mismatch"},
		{"WrongChecksum", map[personfile.Field]string{personfile.FieldIDNumber: "110101199503071231"}, "", "personfile.id_checksum"},
		{"BirthInTheFuture", map[personfile.Field]string{personfile.FieldBirthDate: "2027-01-01"}, "", "personfile.birth_future"},
		{"Fifteen", map[personfile.Field]string{personfile.FieldBirthDate: "2010-11-26"}, "", "personfile.under_age"},
		{"SixteenToday", map[personfile.Field]string{personfile.FieldBirthDate: "2010-11-25"}, "", ""},
		{"FifteenWhenHired", map[personfile.Field]string{personfile.FieldBirthDate: "2009-06-01"}, "2025-05-31", "personfile.under_age"},
		{"UnderAgeByID", map[personfile.Field]string{personfile.FieldIDNumber: "110101201103010016"}, "", "personfile.under_age"},
		{"PassportNeedsItsType", map[personfile.Field]string{personfile.FieldIDNumber: "E12345678"}, "", "personfile.id_type_missing"},
		{"Passport", map[personfile.Field]string{personfile.FieldIDType: "护照", personfile.FieldIDNumber: "E12345678"}, "", ""},
		{"HKMacauPermit", map[personfile.Field]string{personfile.FieldIDType: "回乡证", personfile.FieldIDNumber: "H12345678"}, "", ""},
		{"BadHKMacauPermit", map[personfile.Field]string{personfile.FieldIDType: "hk_macau_permit", personfile.FieldIDNumber: "X12345678"}, "", "personfile.id_format.hk_macau_permit"},
		{"TaiwanPermit", map[personfile.Field]string{personfile.FieldIDType: "台胞证", personfile.FieldIDNumber: "12345678"}, "", ""},
		{"ForeignPRNew", map[personfile.Field]string{personfile.FieldIDType: "永居证", personfile.FieldIDNumber: "911560199001011239"}, "", ""},
		{"ForeignPRNewBadCheck", map[personfile.Field]string{personfile.FieldIDType: "foreign_pr", personfile.FieldIDNumber: "911560199001011238"}, "", "personfile.id_checksum"},
		{"ForeignPROld", map[personfile.Field]string{personfile.FieldIDType: "foreign_pr", personfile.FieldIDNumber: "USA110090001234"}, "", ""},
		{"MainlandMobile", map[personfile.Field]string{personfile.FieldPhone: "+86 139-1234-5678"}, "", ""},
		{"International", map[personfile.Field]string{personfile.FieldPhone: "+44 20 7946 0958"}, "", ""},
		{"Landline", map[personfile.Field]string{personfile.FieldPhone: "010-12345678"}, "", "personfile.bad_phone"},
		{"TenDigits", map[personfile.Field]string{personfile.FieldEmergencyPhone: "1391234567"}, "", "personfile.bad_phone"},
		{"GraduatedBeforeBirth", map[personfile.Field]string{personfile.FieldBirthDate: "1995-03-07", personfile.FieldGraduationYear: "1990"}, "", "personfile.bad_year"},
		{"UnknownEducation", map[personfile.Field]string{personfile.FieldEducation: "kindergarten"}, "", "personfile.bad_education"},
		{"LongAddress", map[personfile.Field]string{personfile.FieldAddress: strings.Repeat("路", 201)}, "", "personfile.too_long"},
		{"ControlCharacters", map[personfile.Field]string{personfile.FieldSchool: "北京\x00大学"}, "", "personfile.bad_text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f, err := file(c.fields)
			if err == nil {
				hire := core.Date{}
				if c.hire != "" {
					hire = date(c.hire)
				}
				f, err = personfile.Check(f, hire, today)
			}
			if got := keyOf(err); got != c.key {
				t.Fatalf("got %q (%v), want %q", got, err, c.key)
			}
			if c.name == "IDFillsBirthAndGender" && (f.BirthDate != date("1995-03-07") || f.Gender != core.Male || f.IDType != personfile.IDResident) {
				t.Errorf("the ID number did not fill the file: %+v", f)
			}
			if c.name == "MainlandMobile" && f.Phone != "13912345678" {
				t.Errorf("phone stored as %q", f.Phone)
			}
		})
	}
}

func TestMasking(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ got, want string }{
		{personfile.MaskID("11010119950307123X"), "1101**********123X"},
		{personfile.MaskID("H12345678"), "H1*****78"},
		{personfile.MaskPhone("13812345678"), "138****5678"},
		{personfile.MaskPhone("+442079460958"), "+44*******958"},
		{personfile.MaskAddress("北京市朝阳区建国路88号"), "北京市朝阳区****"},
		{personfile.MaskAddress("上海"), "上海****"},
		{personfile.MaskPhone(""), ""},
	} {
		if c.got != c.want {
			t.Errorf("masked %q, want %q", c.got, c.want)
		}
	}
	f := personfile.File{LegalName: "李爱丽", IDNumber: "11010119950307123X", Phone: "13812345678", Address: "北京市朝阳区建国路88号",
		EmergencyPhone: "13900001111", School: "北京大学"}
	m := f.Masked()
	for _, field := range personfile.Fields() {
		if field.Sensitive() && f.Get(field) != "" && m.Get(field) == f.Get(field) {
			t.Errorf("%s not masked", field)
		}
		if !field.Sensitive() && m.Get(field) != f.Get(field) {
			t.Errorf("%s masked though not sensitive", field)
		}
	}
}

func TestAge(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		birth, on string
		age       int
	}{
		{"2010-11-25", "2026-11-25", 16},
		{"2010-11-26", "2026-11-25", 15},
		{"2008-02-29", "2024-02-28", 15},
		{"2008-02-29", "2024-02-29", 16},
		{"1995-03-07", "2026-03-06", 30},
	} {
		if got := personfile.Age(date(c.birth), date(c.on)); got != c.age {
			t.Errorf("born %s, on %s: %d, want %d", c.birth, c.on, got, c.age)
		}
	}
}

func TestParseWords(t *testing.T) {
	t.Parallel()
	for word, want := range map[string]personfile.Field{"手机": personfile.FieldPhone, "phone": personfile.FieldPhone,
		"身份证号": personfile.FieldIDNumber, "id_number": personfile.FieldIDNumber, "ID": personfile.FieldIDNumber,
		"紧急联系人电话": personfile.FieldEmergencyPhone, "学历": personfile.FieldEducation, "社保城市": personfile.FieldInsuranceCity} {
		if got, ok := personfile.ParseField(word); !ok || got != want {
			t.Errorf("%q read as %q %v, want %q", word, got, ok, want)
		}
	}
	if _, ok := personfile.ParseField("salary"); ok {
		t.Error("salary is not a field of the file")
	}
	if e, ok := personfile.ParseEducation("本科"); !ok || e != personfile.EduBachelor {
		t.Errorf("本科 read as %q", e)
	}
}
