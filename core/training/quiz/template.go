package quiz

// TemplateMarkdown is a quiz to copy and fill in, in the Markdown form
// Parse reads: what HR downloads from the console's Training page. It
// parses without a problem (TestTemplateParses).
const TemplateMarkdown = `<!--
  把这个文件复制一份，改成你们自己的题目，再在后台“培训”页上传。
  Copy this file, write your own questions, and upload it on the console's Training page.
  code：测验代码，字母、数字和短横线 / a short code: letters, digits and dashes
  skill / level：通过后获得的技能和等级 / the skill and level passing certifies
  pass：及格线 / the pass mark; time：限时 / time limit; draw：每次抽几道题 / questions drawn each time
  每道题以 ## 开头，[x] 是正确选项，> 后面是答完后给的解释。
  Each question starts with ##, [x] marks the right choice, > is the explanation shown after answering.
-->

# 新员工安全须知 / New starter safety

code: safety-1
skill: safety
level: 1
pass: 80%
time: 10m
draw: 2

## 仓库里发现地上有水，应该怎么做？ / You see water on the warehouse floor. What do you do?
- [ ] 绕过去就好 / Walk around it
- [x] 放上警示牌并告诉主管 / Put up a warning sign and tell your supervisor
- [ ] 等下班后再说 / Leave it until the end of the shift

> 地面湿滑容易摔倒，先提醒别人，再找人处理。 / A wet floor makes people fall: warn others first, then get it cleaned up.

## 灭火器放在哪里？ / Where are the fire extinguishers?
- [x] 每个出口旁边 / Next to every exit
- [ ] 只在办公室 / Only in the office
- [ ] 公司没有灭火器 / The company has none

> 入职第一天请找到离你工位最近的灭火器。 / On your first day, find the extinguisher nearest to where you work.
`
