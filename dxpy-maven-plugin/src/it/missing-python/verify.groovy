def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('/nonexistent/python3') : 'the message names the interpreter that was tried'
assert log.contains('<python>') : 'the message names the pom element to fix'
assert log.contains('-Ddxpy.python')
return true
