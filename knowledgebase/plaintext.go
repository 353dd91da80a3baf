package knowledgebase

import (
	"strings"
	"unicode/utf8"
)

// textBlocks reads plain text: a line underlined with === or --- is a
// heading, and so is a short line that starts a paragraph, does not end
// like a sentence and is followed directly by more lines.
func textBlocks(text string) (string, []block) {
	lines := strings.Split(text, "\n")
	var blocks []block
	prevBlank := true
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(reSpaces.ReplaceAllString(lines[i], " "))
		if line == "" {
			blocks = append(blocks, block{kind: blockBlank})
			prevBlank = true
			continue
		}
		next := ""
		if i+1 < len(lines) {
			next = strings.TrimSpace(lines[i+1])
		}
		if isUnderline(line) {
			blocks = append(blocks, block{kind: blockBlank})
			prevBlank = true
			continue
		}
		if isUnderline(next) {
			level := 2
			if next[0] == '=' {
				level = 1
			}
			blocks = append(blocks, block{kind: blockHeading, level: level, text: line})
			i++
			prevBlank = true
			continue
		}
		if m := reBullet.FindString(line); m != "" {
			line = "- " + line[len(m):]
		}
		if prevBlank && next != "" && isTextHeading(line) {
			blocks = append(blocks, block{kind: blockHeading, level: 2, text: line})
			prevBlank = true
			continue
		}
		blocks = append(blocks, block{kind: blockText, text: line})
		prevBlank = false
	}
	return "", blocks
}

func isUnderline(s string) bool {
	if len(s) < 3 {
		return false
	}
	return strings.Trim(s, "=") == "" || strings.Trim(s, "-") == ""
}

// isTextHeading reports whether a line of plain text looks like a heading.
func isTextHeading(line string) bool {
	if utf8.RuneCountInString(line) > 60 || strings.HasPrefix(line, "- ") || reOrdered.MatchString(line) {
		return false
	}
	if _, ok := cutPrefix(line, questionPrefixes); ok {
		return false
	}
	if _, ok := cutPrefix(line, answerPrefixes); ok {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".!?。！？:：;；,，…", r)
}
