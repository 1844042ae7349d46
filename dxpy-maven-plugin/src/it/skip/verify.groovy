def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests are skipped.')
assert !new File(basedir, 'target/surefire-reports').exists() : 'a skipped run writes no reports'
return true
