def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('3 passed, 1 skipped') : 'the console summary is in the log'
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 1') : 'the mojo logs surefire\'s count line'

def report = new File(basedir, 'target/surefire-reports/TEST-tests.test_ok.xml')
assert report.isFile() : "no report at $report"
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests.text() == '4'
assert suite.@skipped.text() == '1'
assert suite.@failures.text() == '0'
assert suite.@errors.text() == '0'
assert suite.testcase.find { it.@name.text() == 'test_skipped' }.skipped.@message.text().contains('shows a skip in the report')
def checked = evaluate(new File(reportCheck))(basedir)
assert checked*.name.contains(report.name) : 'every report is valid against surefire\'s schemas'
return true
