namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// The names of the portability rules (docs/architecture.md §3). Each is proven by a test class in
/// <c>Rules/</c> that feeds the gate a small violating snippet.
/// </summary>
public static class Rule
{
    /// <summary>Syntax newer than C# 9, the language version of nanoFramework's MSBuild project system.</summary>
    public const string LanguageVersion = "language-version";

    /// <summary>Any other compile error: the portable code must compile on its own, without host-only files.</summary>
    public const string CompileError = "compile-error";

    /// <summary>nanoFramework 1.x has no generics: none declared, none used (List&lt;T&gt;, generic methods, IEnumerable&lt;T&gt;).</summary>
    public const string Generics = "generics";

    /// <summary>No async/await: no Task machinery on the board.</summary>
    public const string Async = "async";

    /// <summary>No LINQ, neither query syntax nor System.Linq calls.</summary>
    public const string Linq = "linq";

    /// <summary>No tuples: they are System.ValueTuple&lt;...&gt;, i.e. generics.</summary>
    public const string Tuples = "tuples";

    /// <summary>No dynamic: needs the DLR.</summary>
    public const string Dynamic = "dynamic";

    /// <summary>No nullable value types (int?): they are System.Nullable&lt;T&gt;.</summary>
    public const string NullableValueType = "nullable-value-type";

    /// <summary>No Span/ReadOnlySpan/Memory/ReadOnlyMemory and no stackalloc: byte[] plus offsets instead.</summary>
    public const string Span = "span";

    /// <summary>No decimal.</summary>
    public const string Decimal = "decimal";

    /// <summary>No records: the compiler implements IEquatable&lt;T&gt; and uses EqualityComparer&lt;T&gt; for them.</summary>
    public const string Record = "record";

    /// <summary>
    /// No init-only setters. nanoFramework's mscorlib does declare IsExternalInit, but an init
    /// accessor puts modreq(IsExternalInit) into the setter's signature, and nanoFramework's
    /// metadata processor writes signatures without any handling of required modifiers; nothing
    /// in nanoFramework's own test suites exercises one (its records tests are commented out).
    /// </summary>
    public const string InitOnlySetter = "init-only-setter";

    /// <summary>APIs the architecture names as off limits even where a port exists: DateTime.Now, String.Replace/Join/IsNullOrWhiteSpace.</summary>
    public const string BannedApi = "banned-api";

    /// <summary>A BCL type or member (called by the code or by compiler-generated code) that the nanoFramework allowlist does not hold.</summary>
    public const string NotInAllowlist = "not-in-allowlist";
}
