package personfile

import (
	"regexp"
	"time"

	"github.com/hrbot/hrbot/core"
)

var (
	// residentShape is a second-generation 居民身份证 number: 17 digits
	// and a check character.
	residentShape = regexp.MustCompile(`^[0-9]{17}[0-9X]$`)
	// foreignPRNew is the 2023 外国人永久居留身份证: 18 characters
	// starting with 9, checked like a resident ID; foreignPROld the
	// 2017 card's three letters and twelve digits.
	foreignPRNew = regexp.MustCompile(`^9[0-9]{16}[0-9X]$`)
	foreignPROld = regexp.MustCompile(`^[A-Z]{3}[0-9]{12}$`)
	// hkMacau is a 港澳居民来往内地通行证 (回乡证): H or M and 8 or 10 digits.
	hkMacau = regexp.MustCompile(`^[HM][0-9]{8}([0-9]{2})?$`)
	// taiwan is a 台湾居民来往大陆通行证 (台胞证): 8 digits (10 on older cards).
	taiwan   = regexp.MustCompile(`^[0-9]{8}([0-9]{2})?$`)
	passport = regexp.MustCompile(`^[A-Z0-9]{5,20}$`)
)

// checkWeights are GB 11643-1999's weights of the first 17 digits.
var checkWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// CheckDigit is the check character GB 11643-1999 gives the first 17
// digits of a citizen identification number: their weighted sum modulo
// 11 picks it from "10X98765432". ok is false when the input is not 17
// digits.
func CheckDigit(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * checkWeights[i]
	}
	return "10X98765432"[sum%11], true
}

// ResidentID is what a resident ID number says of its holder.
type ResidentID struct {
	Birth  core.Date
	Gender core.Gender // the 17th digit: odd for men, even for women
}

// ParseResidentID checks an 18-character resident ID number — its shape,
// its check character and the birth date inside it — and returns what it
// says. Errors: EInvalid personfile.id_format, personfile.id_checksum,
// personfile.id_birth_invalid.
func ParseResidentID(n string) (ResidentID, error) {
	if !residentShape.MatchString(n) {
		return ResidentID{}, core.Errorf(core.EInvalid, "personfile.id_format", "a resident ID number has 18 characters: 17 digits and a digit or X").
			With("value", n)
	}
	if c, _ := CheckDigit(n[:17]); c != n[17] {
		return ResidentID{}, core.Errorf(core.EInvalid, "personfile.id_checksum", "the check character of %s is wrong", MaskID(n)).
			With("value", n)
	}
	t, err := time.Parse("20060102", n[6:14])
	if err != nil {
		return ResidentID{}, core.Errorf(core.EInvalid, "personfile.id_birth_invalid", "the birth date inside the ID number is not a date").
			With("value", n)
	}
	id := ResidentID{Birth: core.DateOf(t), Gender: core.Female}
	if (n[16]-'0')%2 == 1 {
		id.Gender = core.Male
	}
	return id, nil
}

// checkID checks the ID number against its type and, for a resident ID,
// against the birth date and gender given, filling them in when absent.
func checkID(f File) (File, error) {
	n := f.IDNumber
	if n == "" {
		return f, nil
	}
	format := func(ok bool) error {
		if ok {
			return nil
		}
		return core.Errorf(core.EInvalid, "personfile.id_format."+string(f.IDType), "%s is not a %s number", MaskID(n), f.IDType).
			With("value", n)
	}
	switch f.IDType {
	case "":
		return f, core.Errorf(core.EInvalid, "personfile.id_type_missing", "say which ID document the number is from")
	case IDResident:
		id, err := ParseResidentID(n)
		if err != nil {
			return f, err
		}
		switch {
		case f.BirthDate.IsZero():
			f.BirthDate = id.Birth
		case f.BirthDate != id.Birth:
			return f, core.Errorf(core.EInvalid, "personfile.id_birth_mismatch", "the ID number says born %s, the file %s", id.Birth, f.BirthDate).
				With("id_birth", id.Birth.String()).With("birth", f.BirthDate.String())
		}
		switch {
		case f.Gender == "":
			f.Gender = id.Gender
		case f.Gender != id.Gender:
			return f, core.Errorf(core.EInvalid, "personfile.id_gender_mismatch", "the ID number is a %s's, the file says %s", id.Gender, f.Gender)
		}
		return f, nil
	case IDForeignerPR:
		if foreignPRNew.MatchString(n) {
			if c, _ := CheckDigit(n[:17]); c != n[17] {
				return f, core.Errorf(core.EInvalid, "personfile.id_checksum", "the check character of %s is wrong", MaskID(n)).With("value", n)
			}
			return f, nil
		}
		return f, format(foreignPROld.MatchString(n))
	case IDHKMacau:
		return f, format(hkMacau.MatchString(n))
	case IDTaiwan:
		return f, format(taiwan.MatchString(n))
	case IDPassport:
		return f, format(passport.MatchString(n))
	}
	return f, nil
}
