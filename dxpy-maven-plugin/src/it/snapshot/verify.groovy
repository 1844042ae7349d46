def log = new File(basedir, 'build.log').text
def snap = new File(basedir, 'tests/__snapshots__/test_snap.py/test_render.snap')
assert snap.isFile() : "the first build (-Ddxpy.updateSnapshots) wrote no snapshot at $snap"
assert snap.text.contains("'answer': 42") : 'the snapshot holds the value of the first build, not the changed one'
def index = new File(basedir, 'tests/__snapshots__/test_snap.py/index.b3')
assert index.isFile() && index.text.contains('test_render.snap')

def passes = log.findAll(/1 passed in \d+\.\d+s/)
assert passes.size() == 2 : "builds 1 (update) and 2 (check) pass: ${passes}"
assert log.contains('snapshot test_render.snap does not match') : 'build 3 fails on the changed value'
assert log.contains("-{'answer': 42") && log.contains("+{'answer': 43") : 'with a diff of stored and actual'
assert log.contains('BUILD FAILURE')

def report = new File(basedir, 'target/surefire-reports/TEST-tests.test_snap.xml')
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@failures.text() == '1' : 'the last build\'s report records the mismatch'
def checked = evaluate(new File(reportCheck))(basedir)
assert checked*.name.contains(report.name) : 'every report is valid against surefire\'s schemas'
return true
