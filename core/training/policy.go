package training

// Policy is an org's rules for quiz certificates.
type Policy struct {
	// CertificateMonths is how long a passed quiz certifies its skill
	// level; 0 = for good. Default 12.
	CertificateMonths int
	// RetakeHours is how long after a failed attempt the quiz may be taken
	// again. Default 24.
	RetakeHours int
}

// DefaultPolicy is what an org file without a training section gets.
func DefaultPolicy() Policy {
	return Policy{CertificateMonths: 12, RetakeHours: 24}
}
