package web

import (
	"slices"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// navItem is a page in the menu, shown to those who may open it.
type navItem struct {
	href   string
	key    string      // catalogue key of its label
	action core.Action // "" for everyone
	mine   bool        // one of the person's own pages
}

// navLink is a menu entry as a page shows it.
type navLink struct {
	Href, Label string
	Active      bool
	Mine        bool
}

// addNav puts a page in the menu; features call it as they route.
func (c *Console) addNav(href, key string, action core.Action, mine bool) {
	c.nav = append(c.nav, navItem{href: href, key: key, action: action, mine: mine})
}

// navOrder is the menu's order: the day's work first, the person's own
// pages last; a page not listed goes before those.
var navOrder = []string{"/today", "/people", "/rota", "/leave", "/cover", "/training", "/handbook", "/payroll", "/reports",
	"/audit", "/settings", "/me", "/me/leave", "/me/shifts", "/me/payslips", "/me/skills", "/me/file", "/me/resign"}

func navRank(href string) int {
	if i := slices.Index(navOrder, href); i >= 0 {
		return i
	}
	return slices.Index(navOrder, "/me") - 1 // with the last of the shop's pages, before the person's own
}

// navFor is the menu for the reader: the pages their role may open, the
// current one marked.
func (c *Console) navFor(rq *request) []navLink {
	var out []navLink
	items := slices.Clone(c.nav)
	slices.SortStableFunc(items, func(a, b navItem) int { return navRank(a.href) - navRank(b.href) })
	for _, it := range items {
		if it.action != "" && core.Authorize(rq.m, it.action, nil) != nil {
			continue
		}
		active := rq.r.URL.Path == it.href || it.href != "/me" && strings.HasPrefix(rq.r.URL.Path, it.href+"/")
		out = append(out, navLink{Href: it.href, Label: rq.T(it.key), Active: active, Mine: it.mine})
	}
	return out
}
