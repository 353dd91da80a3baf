package wecom

import (
	"context"
	"errors"
	"net/http"
)

// notFoundCodes are WeCom's answers to a lookup of an address it has no
// member for: 46004 (no such member) and 60111 (userid not found).
var notFoundCodes = map[int]bool{46004: true, 60111: true}

// UserIDByEmail asks WeCom whose userid an e-mail address is
// (user/get_userid_by_email): first as a company mailbox (email_type 1),
// then as a personal address a member gave (email_type 2). found is false
// when WeCom has no member with it.
func (a *API) UserIDByEmail(ctx context.Context, email string) (userid string, found bool, err error) {
	for _, kind := range []int{1, 2} {
		var out struct {
			UserID string `json:"userid"`
		}
		err := a.Do(ctx, http.MethodPost, "/cgi-bin/user/get_userid_by_email",
			map[string]any{"email": email, "email_type": kind}, &out)
		var we *Error
		switch {
		case errors.As(err, &we) && notFoundCodes[we.Code]:
			continue
		case err != nil:
			return "", false, err
		case out.UserID != "":
			return out.UserID, true, nil
		}
	}
	return "", false, nil
}

// LinkByEmail looks up employees who have an e-mail address but no WeCom
// account yet and links the members found. It returns how many it linked.
func (a *Adapter) LinkByEmail(ctx context.Context) int { return a.linker.Pass(ctx) }
