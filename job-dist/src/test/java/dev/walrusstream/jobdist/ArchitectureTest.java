package dev.walrusstream.jobdist;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.net.URI;
import java.util.ArrayList;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The fences between modules, over the production classes of every module (the job's, the
 * launcher's and devnet's, all on this test's class path), with no frozen violations:
 * <ul>
 *   <li>a class in an {@code internal} package is used only by classes of its own module;</li>
 *   <li>no public or protected member of a public class outside an {@code internal} package
 *       exposes an {@code internal} type (return, parameter, field or thrown type).</li>
 * </ul>
 * The module of a class is where its class file was loaded from ({@code MODULE/target/…} in the
 * reactor, {@code dev/walrusstream/MODULE/…} in a repository), so packages split across modules
 * (for instance {@code dev.walrusstream.sui} in {@code sui} and {@code walrus-sui}) are told apart.
 * Run by JUnit 5 through ArchUnit's engine ({@code archunit-junit5}).
 */
@AnalyzeClasses(packages = "dev.walrusstream", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Every module whose production classes the rules must see. */
    static final List<String> MODULES = List.of("codec", "crypto", "chain", "sui", "walrus-sui", "node", "client", "sink",
            "encode-job", "ingest", "schemas", "aggregator", "devnet", "embedded", "deploy", "app");
    private static final Pattern TARGET = Pattern.compile("/([^/]+)/target/");
    private static final Pattern REPOSITORY_JAR = Pattern.compile("/dev/walrusstream/([^/]+)/[^/]+/[^/]+\\.jar!");

    /** The rules mean nothing unless every module's classes were seen. */
    @ArchTest
    static void everyModuleIsImported(JavaClasses classes) {
        List<String> seen = classes.stream().map(ArchitectureTest::module).distinct().sorted().toList();
        List<String> missing = MODULES.stream().filter(m -> !seen.contains(m)).toList();
        if (!missing.isEmpty()) {
            throw new AssertionError("no classes of " + missing + " were imported; saw " + seen);
        }
    }

    /**
     * The module a class was loaded from: the directory before {@code /target/} (its classes or its
     * jar in the reactor), or the artifact directory of a jar in a Maven repository.
     */
    static String module(JavaClass type) {
        JavaClass c = type.isArray() ? type.getBaseComponentType() : type;
        Optional<URI> uri = c.getSource().map(s -> s.getUri());
        if (uri.isEmpty()) {
            return "?";
        }
        String u = uri.get().toString();
        Matcher target = TARGET.matcher(u);
        if (target.find()) {
            return target.group(1);
        }
        Matcher repo = REPOSITORY_JAR.matcher(u);
        return repo.find() ? repo.group(1) : u;
    }

    static boolean internal(JavaClass c) {
        return c.getPackageName().contains(".internal");
    }

    private static boolean isInternalPackage(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    static boolean internalType(JavaClass c) {
        JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
        return base.getPackageName().startsWith("dev.walrusstream") && isInternalPackage(base.getPackageName());
    }

    private static final ArchCondition<JavaClass> USE_NO_OTHER_MODULES_INTERNALS =
            new ArchCondition<>("use no other module's internal package") {
                @Override
                public void check(JavaClass origin, ConditionEvents events) {
                    String from = module(origin);
                    for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                        JavaClass target = d.getTargetClass();
                        if (internalType(target) && !module(target).equals(from)) {
                            events.add(SimpleConditionEvent.violated(d, from + " uses " + module(target)
                                    + "'s internal " + target.getName() + ": " + d.getDescription()));
                        }
                    }
                }
            };

    private static final ArchCondition<JavaClass> EXPOSE_NO_INTERNAL_TYPES =
            new ArchCondition<>("expose no internal type in a public signature") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    if (!c.getModifiers().contains(JavaModifier.PUBLIC) || isInternalPackage(c.getPackageName())) {
                        return;
                    }
                    for (JavaCodeUnit m : c.getCodeUnits()) {
                        if (!visible(m.getModifiers()) || m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                            continue;
                        }
                        List<JavaClass> types = new ArrayList<>(m.getRawParameterTypes());
                        types.add(m.getRawReturnType());
                        m.getThrowsClause().getTypes().forEach(types::add);
                        for (JavaClass t : types) {
                            if (internalType(t)) {
                                events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes internal type "
                                        + t.getName()));
                            }
                        }
                    }
                    for (JavaField f : c.getFields()) {
                        if (visible(f.getModifiers()) && internalType(f.getRawType())) {
                            events.add(SimpleConditionEvent.violated(f, f.getFullName() + " exposes internal type "
                                    + f.getRawType().getName()));
                        }
                    }
                }
            };

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    @ArchTest
    static void noModuleUsesAnotherModulesInternalPackage(JavaClasses classes) {
        ArchRule rule = classes().should(USE_NO_OTHER_MODULES_INTERNALS);
        rule.check(classes);
    }

    @ArchTest
    static void publicSignaturesExposeNoInternalType(JavaClasses classes) {
        ArchRule rule = classes().should(EXPOSE_NO_INTERNAL_TYPES);
        rule.check(classes);
    }
}
