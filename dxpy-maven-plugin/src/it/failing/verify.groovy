def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('tests/test_fail.py::test_bad') : 'the failing node id is in the log'
assert log.contains('There are test failures: 1 failed, 2 passed')
assert log.contains('See reports in')

def report = new File(basedir, 'target/surefire-reports/TEST-tests.test_fail.xml')
assert report.isFile() : "no report at $report"
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests.text() == '3'
assert suite.@failures.text() == '1'
def bad = suite.testcase.find { it.@name.text() == 'test_bad' }
assert bad.@classname.text() == 'tests.test_fail' : 'classname is the dotted module path'
assert bad.failure.@type.text() == 'AssertionError'
assert bad.failure.@message.text().contains('== 3') : 'the message is the assertion'
assert bad.failure.text().contains('def test_bad():') : 'the traceback is the failure body'
assert bad['system-out'].text().contains('state before the check') : 'a failing test keeps its captured stdout'
assert suite.testcase.find { it.@name.text() == 'test_in_class' }.@classname.text() == 'tests.test_fail.TestGroup'
def props = suite.properties.property.collectEntries { [(it.@name.text()): it.@value.text()] }
assert props['python.version'] ==~ /3\.\d+\.\d+.*/ : "python version from the worker: $props"
assert props['dxpy.version'] ==~ /\d+\..*/
assert props['dxpy.workers'] ==~ /\d+/
def checked = evaluate(new File(reportCheck))(basedir)
assert checked*.name.contains(report.name) : 'every report is valid against surefire\'s schemas'
return true
