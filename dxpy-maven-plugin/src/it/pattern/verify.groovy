def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0')

def report = new File(basedir, 'target/surefire-reports/TEST-tests.test_select.xml')
assert report.isFile() : "no report at $report"
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests.text() == '2'
assert suite.@failures.text() == '0'
assert suite.testcase*.@name*.text().sort() == ['test_alpha_one', 'test_alpha_two']
def checked = evaluate(new File(reportCheck))(basedir)
assert checked*.name.contains(report.name) : 'every report is valid against surefire\'s schemas'
return true
