package i18n

// The console's contract pages: the Contracts section of a person's page,
// the list at /contracts and the add/edit form.

func englishWebContracts() map[string]string {
	return map[string]string{}
}

func chineseWebContracts() map[string]string {
	return map[string]string{}
}
