package personfile

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hrbot/hrbot/core"
)

// MinimumAge is the youngest a person may be hired at: China's Labour
// Law art. 15 forbids employing anyone under sixteen.
const MinimumAge = 16

// limits are the longest each free-text field may be, in characters.
var limits = map[Field]int{
	FieldLegalName: 60, FieldAddress: 200, FieldEmergencyName: 60, FieldEmergencyRelation: 20,
	FieldSchool: 100, FieldMajor: 100, FieldInsuranceCity: 40,
}

// Set puts text into field, read and normalised as the field needs: an ID
// number in capitals without spaces, a phone without separators, a date
// as 2006-01-02, a kind by any of its words. Empty text clears the field.
// It checks the value on its own; Check checks the file as a whole.
// Errors: EInvalid with a personfile.* key (Args: value).
func (f *File) Set(field Field, text string) error {
	v := strings.Join(strings.Fields(text), " ")
	bad := func(key, what string) *core.Error {
		return core.Errorf(core.EInvalid, key, "%s: %s", field, what).With("value", v)
	}
	if strings.ContainsFunc(v, unicode.IsControl) {
		return bad("personfile.bad_text", "control characters")
	}
	if max, ok := limits[field]; ok && utf8.RuneCountInString(v) > max {
		return bad("personfile.too_long", "too long").With("max", strconv.Itoa(max))
	}
	switch field {
	case FieldLegalName:
		f.LegalName = v
	case FieldIDType:
		t, ok := ParseIDType(v)
		if !ok && v != "" {
			return bad("personfile.bad_id_type", "unknown ID type")
		}
		f.IDType = t
	case FieldIDNumber:
		n := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(v))
		if len(n) > 40 || strings.ContainsFunc(n, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') }) {
			return bad("personfile.id_format", "letters and digits only")
		}
		f.IDNumber = n
		if f.IDType == "" && residentShape.MatchString(n) {
			f.IDType = IDResident // the 18 characters of a 居民身份证 say what it is
		}
	case FieldBirthDate:
		d, err := parseDay(v)
		if err != nil {
			return bad("personfile.bad_date", err.Error())
		}
		f.BirthDate = d
	case FieldGender:
		g, ok := core.ParseGender(v)
		if !ok && v != "" {
			return bad("personfile.bad_gender", "female or male")
		}
		f.Gender = g
	case FieldPhone, FieldEmergencyPhone:
		p, err := NormalizePhone(v)
		if err != nil {
			return bad("personfile.bad_phone", err.Error())
		}
		if field == FieldPhone {
			f.Phone = p
		} else {
			f.EmergencyPhone = p
		}
	case FieldEducation:
		e, ok := ParseEducation(v)
		if !ok && v != "" {
			return bad("personfile.bad_education", "unknown level")
		}
		f.Education = e
	case FieldGraduationYear:
		y := 0
		if v != "" {
			n, err := strconv.Atoi(strings.TrimSuffix(v, "年"))
			if err != nil || n < 1900 || n > 2200 {
				return bad("personfile.bad_year", "not a year")
			}
			y = n
		}
		f.GraduationYear = y
	default:
		return f.setText(field, v)
	}
	return nil
}

// setText sets one of the free-text fields.
func (f *File) setText(field Field, v string) error {
	switch field {
	case FieldAddress:
		f.Address = v
	case FieldEmergencyName:
		f.EmergencyName = v
	case FieldEmergencyRelation:
		f.EmergencyRelation = v
	case FieldSchool:
		f.School = v
	case FieldMajor:
		f.Major = v
	case FieldInsuranceCity:
		f.InsuranceCity = v
	default:
		return core.Errorf(core.EInvalid, "personfile.bad_field", "no field %q", field).With("field", string(field))
	}
	return nil
}

// parseDay reads 2006-01-02, 2006/1/2, 20060102 or 2006年1月2日.
func parseDay(s string) (core.Date, error) {
	if s == "" {
		return core.Date{}, nil
	}
	r := strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "")
	s = r.Replace(s)
	for _, layout := range []string{"2006-1-2", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return core.DateOf(t), nil
		}
	}
	return core.Date{}, core.Errorf(core.EInvalid, "personfile.bad_date", "%q is not a date like 1995-03-07", s)
}

var (
	mainlandMobile = regexp.MustCompile(`^1[0-9]{10}$`)
	international  = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

// NormalizePhone reads a phone number: a mainland mobile (11 digits
// starting with 1; +86 or 0086 in front is dropped) or an international
// number in E.164 form (+ and up to 15 digits). Spaces, dashes, dots and
// brackets are ignored. "" stays "".
func NormalizePhone(s string) (string, error) {
	p := strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "", "（", "", "）", "").Replace(s)
	if p == "" {
		return "", nil
	}
	if strings.HasPrefix(p, "00") {
		p = "+" + p[2:]
	}
	if strings.HasPrefix(p, "+86") && mainlandMobile.MatchString(p[3:]) {
		p = p[3:]
	}
	if mainlandMobile.MatchString(p) || international.MatchString(p) && !strings.HasPrefix(p, "+86") {
		return p, nil
	}
	return "", core.Errorf(core.EInvalid, "personfile.bad_phone", "%q is not a mainland mobile or an international number", s)
}

// Check checks the file as a whole on today for a person hired on hire
// (zero when unknown: today counts), and fills in what a resident ID
// number says when the file leaves it out (birth date, gender). Errors:
// EInvalid with a personfile.* key — a birth date in the future or too
// young to be employed, an ID number that is malformed, fails its check
// digit or disagrees with the birth date or gender given.
func Check(f File, hire, today core.Date) (File, error) {
	// A birth date given is checked first: "in the future" says more than
	// "the ID number disagrees".
	given := f.BirthDate
	if !given.IsZero() {
		if err := checkBirth(given, hire, today); err != nil {
			return f, err
		}
	}
	if f.IDNumber != "" || f.IDType != "" {
		var err error
		if f, err = checkID(f); err != nil {
			return f, err
		}
	}
	if f.BirthDate != given { // read from the ID number
		if err := checkBirth(f.BirthDate, hire, today); err != nil {
			return f, err
		}
	}
	if y := f.GraduationYear; y != 0 {
		if y > today.Year+8 || !f.BirthDate.IsZero() && y < f.BirthDate.Year+10 {
			return f, core.Errorf(core.EInvalid, "personfile.bad_year", "graduation year %d is not possible", y).
				With("value", strconv.Itoa(y))
		}
	}
	return f, nil
}

// checkBirth refuses a birth date in the future, before 1900, or that
// makes the person younger than MinimumAge on the day they were hired.
func checkBirth(birth, hire, today core.Date) error {
	switch {
	case birth.After(today):
		return core.Errorf(core.EInvalid, "personfile.birth_future", "birth date %s is in the future", birth).
			With("date", birth.String())
	case birth.Year < 1900:
		return core.Errorf(core.EInvalid, "personfile.bad_date", "birth date %s is too early", birth).With("value", birth.String())
	}
	on := hire
	if on.IsZero() || on.After(today) {
		on = today
	}
	if age := Age(birth, on); age < MinimumAge {
		return core.Errorf(core.EInvalid, "personfile.under_age", "born %s: %d years old on %s, under %d", birth, age, on, MinimumAge).
			With("date", birth.String()).With("age", strconv.Itoa(age)).With("on", on.String()).With("min", strconv.Itoa(MinimumAge))
	}
	return nil
}

// Age is how many whole years someone born on birth is on day.
func Age(birth, day core.Date) int {
	age := day.Year - birth.Year
	if day.Month < birth.Month || day.Month == birth.Month && day.Day < birth.Day {
		age--
	}
	return age
}
