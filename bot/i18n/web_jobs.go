package i18n

// The console's job pages (/jobs): the list, a job's description, HR's
// editor.

func englishWebJobs() map[string]string {
	return map[string]string{
		"web.nav.jobs":               "Jobs",
		"web.title.jobs":             "Jobs",
		"web.title.job":              "Job description",
		"web.title.job_edit":         "Edit the job description",
		"web.jobs.sub":               "Every job of the shop, how many people it has and what it pays. A job's page compares your skills with those it needs.",
		"web.jobs.col.job":           "Job",
		"web.jobs.col.people":        "People",
		"web.jobs.col.pay":           "Pay",
		"web.jobs.mine":              "your job",
		"web.jobs.no_description":    "no description yet",
		"web.jobs.back":              "All jobs",
		"web.jobs.edit":              "Edit the description",
		"web.jobs.edit_help":         "Written as under the job's description in the org file (docs/orgfile.md, Jobs). It is checked as the org file is; an empty text removes the description. The next org-file import shows this edit among those it would undo.",
		"web.jobs.description_label": "Description",
		"web.jobs.edit_fields":       "Fields: summary, responsibilities, skills (skill:level), kpis (key, name, measure, target, weight, higher_is_better), pay (min, max, kind monthly or hourly), shifts, headcount.",
		"web.jobs.save":              "Save",
		"web.jobs.back_to_job":       "Back to the job",
		"web.jobs.problems":          "The description has problems; nothing was saved.",
		"web.done.job_saved":         "The description is saved.",
	}
}

func chineseWebJobs() map[string]string {
	return map[string]string{
		"web.nav.jobs":               "岗位",
		"web.title.jobs":             "岗位",
		"web.title.job":              "岗位说明",
		"web.title.job_edit":         "编辑岗位说明",
		"web.jobs.sub":               "本店所有岗位、在岗人数和薪资范围。打开岗位可对照你的技能与岗位要求。",
		"web.jobs.col.job":           "岗位",
		"web.jobs.col.people":        "人数",
		"web.jobs.col.pay":           "薪资",
		"web.jobs.mine":              "你的岗位",
		"web.jobs.no_description":    "还没有岗位说明",
		"web.jobs.back":              "全部岗位",
		"web.jobs.edit":              "编辑岗位说明",
		"web.jobs.edit_help":         "写法与组织文件中岗位的 description 相同（见 docs/orgfile.md 的 Jobs 一节），并按组织文件的规则检查；清空即删除岗位说明。下次导入组织文件时，预览会把这次修改列为将被覆盖的修改。",
		"web.jobs.description_label": "岗位说明",
		"web.jobs.edit_fields":       "字段：summary（概述）、responsibilities（职责）、skills（技能:级别）、kpis（key、name、measure、target、weight、higher_is_better）、pay（min、max、kind：monthly 或 hourly）、shifts（班次）、headcount（编制人数）。",
		"web.jobs.save":              "保存",
		"web.jobs.back_to_job":       "返回岗位",
		"web.jobs.problems":          "岗位说明有误，未保存。",
		"web.done.job_saved":         "岗位说明已保存。",
	}
}
