// Package core is the kernel every feature shares: orgs, teams, employees
// and membership, the audited directory and permissions, errors, clock and
// dates, jobs and skill levels, audit actions, notification kinds, domain
// events and the outbound port. Each feature's types, rules and service live
// in a package below it (core/leave, core/attendance, core/cover, …), which
// declares the store interface it needs. Nothing under core imports
// database, HTTP or chat platform code.
package core

import (
	"errors"
	"fmt"
)

// ErrorCode classifies an error for callers: the bot turns it into a
// translated answer, the HTTP layer into a status.
type ErrorCode string

// Error codes.
const (
	EInvalid   ErrorCode = "invalid"
	ENotFound  ErrorCode = "not_found"
	EConflict  ErrorCode = "conflict"
	EForbidden ErrorCode = "forbidden"
	EInternal  ErrorCode = "internal"
)

// Error is an error whose message is safe to show a user. Key names the
// message in the bot's catalogue and Args fills its placeholders, so the
// same error reads right in Chinese and in English; Message is the English
// text used in logs and wherever no catalogue is at hand.
type Error struct {
	Code    ErrorCode
	Key     string
	Args    map[string]string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code, catalogue key and English message.
func Errorf(code ErrorCode, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// With adds a placeholder value for the translated message.
func (e *Error) With(name, value string) *Error {
	if e.Args == nil {
		e.Args = map[string]string{}
	}
	e.Args[name] = value
	return e
}

// ErrorCodeOf returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error and "" for nil.
func ErrorCodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns the first *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
