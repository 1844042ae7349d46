def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('tests/test_listed.py::test_first')
assert log.contains('tests/test_listed.py::TestGroup::test_second')
assert log.contains('2 tests collected')
assert !new File(basedir, 'target/surefire-reports').exists() : 'collecting writes no reports'
return true
