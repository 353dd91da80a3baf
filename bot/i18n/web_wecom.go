package i18n

// Signing in to the console inside WeCom (企业微信), through WeCom's OAuth
// for in-app pages.

func englishWebWeCom() map[string]string {
	return map[string]string{
		"web.wecom_unlinked":       "Your WeCom account is not linked to anyone at your company in hrbot yet. Send the invite code HR gave you to the hrbot app in WeCom (/start CODE), then open the console again.",
		"web.title.wecom_unlinked": "Link your account first",
		"web.wecom_state":          "This sign-in was not started here, or it took too long. Open the console again from the hrbot app's menu in WeCom.",
		"web.title.wecom_state":    "Not signed in",
		"web.wecom_code":           "WeCom's sign-in code was not accepted (it was already used or is too old). Open the console again from the hrbot app's menu in WeCom.",
		"web.title.wecom_code":     "Not signed in",
		"wecom.oauth_code":         "WeCom's sign-in code was not accepted (it was already used or is too old).",
		"wecom.not_member":         "You are not a member of this company in WeCom.",
	}
}

func chineseWebWeCom() map[string]string {
	return map[string]string{
		"web.wecom_unlinked":       "你的企业微信账号尚未绑定 hrbot 中的员工。请在企业微信里把人事给你的邀请码发给 hrbot 应用（/start 邀请码），然后重新打开后台。",
		"web.title.wecom_unlinked": "请先绑定账号",
		"web.wecom_state":          "此次登录不是从这里发起的，或已超时。请从企业微信中 hrbot 应用的菜单重新打开后台。",
		"web.title.wecom_state":    "未登录",
		"web.wecom_code":           "企业微信的登录凭证无效（已被使用或已过期）。请从企业微信中 hrbot 应用的菜单重新打开后台。",
		"web.title.wecom_code":     "未登录",
		"wecom.oauth_code":         "企业微信的登录凭证无效（已被使用或已过期）。",
		"wecom.not_member":         "你不是本企业在企业微信中的成员。",
	}
}
