package dev.sluice.matchers.attack;

/**
 * The classes that deserialization exploits are built from ("gadgets"): each either runs a
 * command or code when a deserializer instantiates it and sets its properties, or looks up a
 * JNDI name or loads a class from a URL the attacker chose. Named by their full name in the
 * payloads of polymorphic JSON and XML readers (fastjson's {@code "@type"}, Jackson's default
 * typing, Json.NET's {@code "$type"}, XStream, {@code XMLDecoder}) and inside serialized
 * streams. Sources: ysoserial, ysoserial.net, marshalsec, and the deny lists of Jackson's
 * {@code SubTypeValidator} and fastjson.
 *
 * <p>A name counts only whole: not preceded by a name byte or a dot (a JVM type descriptor's
 * {@code L} or an array's {@code [} in front is allowed, as fastjson reads them), and not
 * followed by a name byte; an entry ending in a dot is a package, any class in it. The short
 * name alone ({@code TemplatesImpl} in a sentence) is not enough.
 */
final class GadgetClassNames {
    static final byte[][] NAMES = Ascii.bytes(
            // Java: command and code execution
            "org.apache.commons.collections.functors.",
            "org.apache.commons.collections4.functors.",
            "org.apache.commons.beanutils.BeanComparator",
            "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
            "org.apache.xalan.xsltc.trax.TemplatesImpl",
            "com.sun.org.apache.bcel.internal.util.ClassLoader",
            "javax.management.BadAttributeValueExpException",
            "org.codehaus.groovy.runtime.ConvertedClosure",
            "org.codehaus.groovy.runtime.MethodClosure",
            "bsh.Interpreter",
            "bsh.XThis",
            "org.mozilla.javascript.NativeJavaObject",
            "clojure.core$comp",
            "clojure.main$eval_opt",
            "java.beans.XMLDecoder",
            "java.beans.EventHandler",
            "javax.imageio.ImageIO$ContainsFilter",
            "jdk.nashorn.internal.objects.NativeString",
            "com.sun.xml.internal.ws.encoding.xml.XMLMessage$XmlDataSource",
            "org.springframework.beans.factory.config.PropertyPathFactoryBean",
            "org.springframework.aop.support.DefaultBeanFactoryPointcutAdvisor",
            "org.springframework.context.support.ClassPathXmlApplicationContext",
            "org.springframework.context.support.FileSystemXmlApplicationContext",
            "ysoserial.",
            // Java: JNDI lookups and remote class loading
            "com.sun.rowset.JdbcRowSetImpl",
            "com.sun.jndi.rmi.registry.ReferenceWrapper",
            "sun.rmi.server.UnicastRef",
            "java.rmi.server.UnicastRemoteObject",
            "java.rmi.server.RemoteObjectInvocationHandler",
            "com.mchange.v2.c3p0.WrapperConnectionPoolDataSource",
            "com.mchange.v2.c3p0.JndiRefForwardingDataSource",
            "org.apache.xbean.propertyeditor.JndiConverter",
            "org.apache.commons.configuration.JNDIConfiguration",
            "org.apache.commons.configuration2.JNDIConfiguration",
            "ch.qos.logback.core.db.JNDIConnectionSource",
            "ch.qos.logback.core.db.DriverManagerConnectionSource",
            "org.apache.ibatis.datasource.jndi.JndiDataSourceFactory",
            "org.apache.shiro.jndi.JndiObjectFactory",
            "org.apache.shiro.realm.jndi.JndiRealmFactory",
            "oracle.jdbc.connector.OracleManagedConnectionFactory",
            "oracle.jdbc.rowset.OracleJDBCRowSet",
            "br.com.anteros.dbcp.AnterosDBCPConfig",
            // .NET
            "System.Windows.Data.ObjectDataProvider",
            "System.Windows.Markup.XamlReader",
            "System.Windows.ResourceDictionary",
            "System.Configuration.Install.AssemblyInstaller",
            "System.Activities.Presentation.WorkflowDesigner",
            "System.Windows.Forms.BindingSource",
            "System.Data.Services.Internal.ExpandedWrapper",
            "System.IdentityModel.Tokens.SessionSecurityToken",
            "System.Web.Security.RolePrincipal",
            "System.Management.Automation.PSObject",
            "System.DelegateSerializationHolder",
            "Microsoft.VisualStudio.Text.Formatting.TextFormattingRunProperties",
            // Ruby (Marshal and YAML gadget chains)
            "Gem::Installer",
            "Gem::SpecFetcher",
            "Gem::Source::SpecificFile",
            "ActiveSupport::Deprecation::DeprecatedInstanceVariableProxy",
            "ActionController::Routing::RouteSet::NamedRouteCollection");

    private GadgetClassNames() {
    }

    static boolean any(byte[] b, int off, int end) {
        for (byte[] name : NAMES) {
            for (int at = Ascii.indexOf(b, off, end, name); at >= 0; at = Ascii.indexOf(b, at + 1, end, name)) {
                if (startsName(b, off, at) && endsName(b, at + name.length, end, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean startsName(byte[] b, int off, int at) {
        int p = at - 1;
        if (p >= off && (b[p] == 'L' || b[p] == '[')) {
            p--;
        }
        return p < off || !(nameByte(b[p] & 0xFF) || b[p] == '.');
    }

    private static boolean endsName(byte[] b, int after, int end, byte[] name) {
        return name[name.length - 1] == '.' || after >= end || !nameByte(b[after] & 0xFF) || b[after] == '$';
    }

    private static boolean nameByte(int c) {
        return Ascii.isAlpha(c) || Ascii.isDigit(c) || c == '_' || c == '$';
    }
}
