// Shared by the verify scripts: validates every TEST-*.xml under a directory against surefire's published
// schemas (surefire-test-report-3.0.xsd and today's surefire-test-report.xsd, unpacked by the build from
// surefire's source releases into surefireXsdDir) and returns the reports it checked.
import javax.xml.XMLConstants
import javax.xml.transform.stream.StreamSource
import javax.xml.validation.SchemaFactory

return { File dir ->
    def xsdRoot = new File(surefireXsdDir)
    def schemas = ['surefire-test-report-3.0.xsd', 'surefire-test-report.xsd'].collect { name ->
        def xsd = null
        xsdRoot.eachFileRecurse { if (it.name == name) xsd = it }
        assert xsd != null : "$name is missing under $xsdRoot"
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd)
    }
    def reports = []
    dir.eachFileRecurse { if (it.name.startsWith('TEST-') && it.name.endsWith('.xml')) reports << it }
    reports.each { report ->
        schemas.each { it.newValidator().validate(new StreamSource(report)) }
    }
    return reports
}
