package config

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// loader holds the sources of one Load call and the problems found so far.
type loader struct {
	getenv func(string) string
	keys   []KeyInfo
	byName map[string]KeyInfo
	file   map[string]string // non-empty values from the config file
	// broken marks settings whose _FILE could not be read, so that rules
	// requiring them do not pile a misleading "required" on top.
	broken   map[string]bool
	problems Problems
}

func newLoader(getenv func(string) string) *loader {
	l := &loader{
		getenv: getenv,
		keys:   Keys(),
		byName: map[string]KeyInfo{},
		file:   map[string]string{},
		broken: map[string]bool{},
	}
	for _, k := range l.keys {
		l.byName[k.Name] = k
	}
	return l
}

// add records a problem with the setting name.
func (l *loader) add(name, msg string) {
	l.problems = append(l.problems, Problem{Key: name, Message: msg})
}

// invalid records a bad value, quoting it unless the setting is secret.
func (l *loader) invalid(name, value, msg string) {
	if !l.byName[name].Secret {
		msg += fmt.Sprintf(", got %q", value)
	}
	l.add(name, msg)
}

// require records that a setting is missing, unless it was given through an
// unreadable _FILE, which has already been reported.
func (l *loader) require(name, when string) {
	if !l.broken[name] {
		l.add(name, "required "+when)
	}
}

// sortProblems orders problems like Keys(), keeping X_FILE next to X and
// unknown file keys last, in file order.
func (l *loader) sortProblems() {
	order := make(map[string]int, len(l.keys))
	for i, k := range l.keys {
		order[k.Name] = i
		if k.Secret {
			order[k.Name+"_FILE"] = i
		}
	}
	rank := func(name string) int {
		if i, ok := order[name]; ok {
			return i
		}
		return len(l.keys)
	}
	slices.SortStableFunc(l.problems, func(a, b Problem) int { return rank(a.Key) - rank(b.Key) })
}

// get returns the value of a setting: environment, else file, else default.
// Call it once per setting, or problems with the setting are reported twice.
func (l *loader) get(name string) string {
	k, ok := l.byName[name]
	if !ok {
		panic("config: setting " + name + " is missing from Keys()")
	}
	if v, ok := l.fromEnv(k); ok {
		return v
	}
	if v := l.file[name]; v != "" {
		return v
	}
	return k.Default
}

// fromEnv returns the trimmed environment value of k and whether the
// environment sets it at all. Secrets may instead name a file in k_FILE.
func (l *loader) fromEnv(k KeyInfo) (string, bool) {
	v := strings.TrimSpace(l.getenv(k.Name))
	if !k.Secret {
		return v, v != ""
	}
	fileVar := k.Name + "_FILE"
	path := strings.TrimSpace(l.getenv(fileVar))
	if path == "" {
		return v, v != ""
	}
	if v != "" {
		// Neither is obviously meant to win, so make the operator choose.
		l.add(k.Name, "is set both directly and through "+fileVar+"; set only one")
		return v, true
	}
	data, err := os.ReadFile(path)
	if err != nil {
		l.broken[k.Name] = true
		l.add(fileVar, fmt.Sprintf("cannot read secret file: %v", err))
		return "", true
	}
	v = strings.TrimSpace(string(data))
	if v == "" {
		l.broken[k.Name] = true
		l.add(fileVar, fmt.Sprintf("secret file %q is empty", path))
	}
	return v, true
}

// readFile loads the file named by HRBOT_CONFIG into l.file and returns its
// path. A file that cannot be used is a problem, not a reason to stop:
// the environment may still hold more mistakes worth reporting.
func (l *loader) readFile() string {
	path := strings.TrimSpace(l.getenv(keyConfig))
	if path == "" {
		return ""
	}
	data, err := os.ReadFile(path)
	if err != nil {
		l.add(keyConfig, fmt.Sprintf("cannot read config file: %v", err))
		return path
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.add(keyConfig, fmt.Sprintf("%s is not valid YAML: %v", path, err))
		return path
	}
	if len(doc.Content) == 0 {
		return path // an empty file sets nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		l.add(keyConfig, fmt.Sprintf("%s line %d: must be a mapping of setting names to values", path, root.Line))
		return path
	}
	lines := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		name := key.Value
		where := fmt.Sprintf("%s line %d", path, key.Line)
		_, known := l.byName[name]
		switch {
		case name == keyConfig:
			l.add(name, "cannot be set in the config file itself, "+where)
		case !known && l.byName[strings.TrimSuffix(name, "_FILE")].Secret:
			l.add(name, "unknown setting in "+where+" (_FILE variants are read from the environment only)")
		case !known:
			l.add(name, "unknown setting in "+where+suggest(name, l.keys))
		case lines[name] > 0:
			l.add(name, fmt.Sprintf("set twice in %s, lines %d and %d", path, lines[name], key.Line))
		default:
			lines[name] = key.Line
			switch {
			case val.Kind != yaml.ScalarNode:
				l.add(name, "must be a single value, not a list or mapping, in "+where)
			case val.ShortTag() != "!!null":
				l.file[name] = strings.TrimSpace(val.Value)
			}
		}
	}
	return path
}
