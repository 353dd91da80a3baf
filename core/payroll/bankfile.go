package payroll

// BankLayout is one bank's batch-payment (代发) file, as the org file
// declares it: each bank's template differs in its columns, their order,
// how an amount is written, whether there is a header row, the encoding
// and the delimiter.
type BankLayout struct {
	Key       string
	Name      string
	Encoding  string // "utf-8" or "gbk"
	Header    bool   // a first row of column titles
	Delimiter string // one character; "," unless said
	Columns   []BankColumn
}

// BankColumn is one column of a bank file: a field of the transfer, or a
// fixed text when Field is "" (e.g. 用途: 工资).
type BankColumn struct {
	Title  string
	Field  string // one of BankFields, or "" for Text
	Format string // for amount: "0.00" (yuan, two places; the default) or "fen" (whole fen)
	Text   string
}

// Bank file fields.
const (
	BankFieldName      = "name"      // the name on the payslip
	BankFieldAccount   = "account"   // the account number, opened from its seal
	BankFieldBank      = "bank"      // the bank's name as the pay profile has it
	BankFieldAmount    = "amount"    // the net pay
	BankFieldReference = "reference" // "salary PERIOD" / the org file's text
	BankFieldIDNumber  = "id_number" // from the personal file
	BankFieldKey       = "key"       // the person's key (工号)
)

// BankFields lists the fields a bank column may be.
func BankFields() []string {
	return []string{BankFieldName, BankFieldAccount, BankFieldBank, BankFieldAmount, BankFieldReference, BankFieldIDNumber, BankFieldKey}
}

// BankAmountFormats lists the amount formats.
func BankAmountFormats() []string { return []string{"0.00", "fen"} }

// NeedsIDNumber says whether the layout has an ID number column (then
// the personal files are read).
func (l BankLayout) NeedsIDNumber() bool {
	for _, c := range l.Columns {
		if c.Field == BankFieldIDNumber {
			return true
		}
	}
	return false
}
