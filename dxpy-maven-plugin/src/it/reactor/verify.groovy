def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : 'module-a ran its two tests'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'module-b ran its one test'

// same Python module name in both modules: each report stays in its own module's target
def a = new groovy.xml.XmlSlurper().parse(new File(basedir, 'module-a/target/surefire-reports/TEST-tests.test_shared.xml'))
def b = new groovy.xml.XmlSlurper().parse(new File(basedir, 'module-b/target/surefire-reports/TEST-tests.test_shared.xml'))
assert a.testcase*.@name*.text().sort() == ['test_also_in_a', 'test_in_a']
assert b.testcase*.@name*.text() == ['test_in_b']
assert !new File(basedir, 'target/surefire-reports').exists() : 'the parent, with no Python tests, writes nothing'

def checked = evaluate(new File(reportCheck))(basedir)
assert checked.size() == 2 : "both modules' reports are valid against surefire's schemas: $checked"
return true
