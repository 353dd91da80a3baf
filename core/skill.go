package core

// SkillLevel is a skill and a level (1 = basic). People list the skills
// they have beyond their own job, so that a finance clerk who can answer
// customers is offered customer-service cover while one who cannot is not.
type SkillLevel struct {
	Skill string
	Level int
}
