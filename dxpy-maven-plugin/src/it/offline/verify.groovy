def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
def checked = evaluate(new File(reportCheck))(basedir)
assert checked*.name == ['TEST-tests.test_offline.xml']
return true
