using PForge.Tasks.Emit;

namespace PForge.Tasks.Tests;

[TestClass]
public sealed class CSharpNamesTests
{
    [TestMethod]
    [DataRow("calculate", "Calculate")]
    [DataRow("get_user", "GetUser")]
    [DataRow("get-user", "GetUser")]
    [DataRow("get_user.v2", "GetUserV2")]
    [DataRow("my param", "MyParam")]
    [DataRow("radius_km", "RadiusKm")]
    [DataRow("HTTPServer", "HTTPServer")]
    [DataRow("camelCase", "CamelCase")]
    [DataRow("__private__", "Private")]
    [DataRow("1st", "_1st")]
    [DataRow("2_factor", "_2Factor")]
    [DataRow("été", "T")]
    [DataRow("--", "")]
    [DataRow("", "")]
    public void Pascal(string name, string expected) => Assert.AreEqual(expected, CSharpNames.Pascal(name));

    [TestMethod]
    [DataRow("Calculator", "Calculator")]
    [DataRow("My.Company.App", "My.Company.App")]
    [DataRow("my-server", "my_server")]
    [DataRow("my server", "my_server")]
    [DataRow("1st.2nd", "_1st._2nd")]
    [DataRow("class", "@class")]
    [DataRow("Acme.namespace.Tools", "Acme.@namespace.Tools")]
    [DataRow("été-app", "été_app")]
    [DataRow("a..b", "a._.b")]
    [DataRow("", "_")]
    [DataRow("_private", "_private")]
    public void Namespace(string rootNamespace, string expected) => Assert.AreEqual(expected, CSharpNames.Namespace(rootNamespace));

    [TestMethod]
    [DataRow("get_user", "getUser")]
    [DataRow("Calculate", "calculate")]
    [DataRow("class", "@class")]
    [DataRow("default", "@default")]
    [DataRow("string", "@string")]
    [DataRow("Class", "@class")]
    [DataRow("value", "value")]
    [DataRow("1st", "_1st")]
    [DataRow("--", "_")]
    public void Camel(string name, string expected) => Assert.AreEqual(expected, CSharpNames.Camel(name));

    [TestMethod]
    [DataRow("plain", "\"plain\"")]
    [DataRow("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [DataRow(@"C:\temp", "\"C:\\\\temp\"")]
    [DataRow("a\nb\r\nc", "\"a\\nb\\r\\nc\"")]
    [DataRow("tab\there", "\"tab\\there\"")]
    [DataRow("nul\0", "\"nul\\0\"")]
    [DataRow("bell\u0007", "\"bell\\u0007\"")]
    [DataRow("del\u007f", "\"del\\u007f\"")]
    [DataRow("line\u2028para\u2029", "\"line\\u2028para\\u2029\"")]
    [DataRow("café {x}", "\"café {x}\"")]
    [DataRow("", "\"\"")]
    public void StringLiteral(string value, string expected) => Assert.AreEqual(expected, CSharpNames.StringLiteral(value));

    [TestMethod]
    public void StringLiteralEscapesSurrogatePairs() =>
        Assert.AreEqual("\"smile \\ud83d\\ude00\"", CSharpNames.StringLiteral("smile \U0001F600"));

    [TestMethod]
    public void Utf8LiteralIsAStringLiteralWithSuffix() =>
        Assert.AreEqual("\"{\\\"tools\\\":{}}\"u8", CSharpNames.Utf8Literal("{\"tools\":{}}"));

    [TestMethod]
    [DataRow(1.0, "1.0d")]
    [DataRow(0.5, "0.5d")]
    [DataRow(-3.0, "-3.0d")]
    [DataRow(1e20, "1E+20d")]
    [DataRow(0.1, "0.1d")]
    public void DoubleLiteral(double value, string expected) => Assert.AreEqual(expected, CSharpNames.DoubleLiteral(value));

    [TestMethod]
    [DataRow(0L, "0L")]
    [DataRow(-42L, "-42L")]
    [DataRow(9007199254740993L, "9007199254740993L")]
    public void LongLiteral(long value, string expected) => Assert.AreEqual(expected, CSharpNames.LongLiteral(value));

    [TestMethod]
    public void XmlDocIsOneEscapedLine()
    {
        Assert.AreEqual("Search &amp; return &lt;items&gt; fast", CSharpNames.XmlDoc("  Search & return <items>\nfast "));
        Assert.AreEqual(string.Empty, CSharpNames.XmlDoc(null));
    }
}
