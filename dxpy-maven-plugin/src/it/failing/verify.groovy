def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('tests/test_fail.py::test_bad') : 'the failing node id is in the log'
assert log.contains('There are test failures: 1 failed, 1 passed')
assert log.contains('See reports in')

def report = new File(basedir, 'target/surefire-reports/TEST-tests.test_fail.xml')
assert report.isFile() : "no report at $report"
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests.text() == '2'
assert suite.@failures.text() == '1'
assert suite.testcase.find { it.@name.text() == 'test_bad' }.failure.size() == 1
return true
