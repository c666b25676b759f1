using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Rules;

/// <summary>
/// The gate sees the calls the compiler writes for language constructs: each snippet passes with
/// the allowlist and fails once the one entry its lowering needs is taken out.
/// </summary>
public sealed class CompilerGeneratedCallTests
{
    [Theory]
    [InlineData("M:System.String.Concat(System.String,System.String)", "return \"key=\" + text; /*!*/")]
    [InlineData("M:System.String.Concat(System.String,System.String,System.String)", "return \"[\" + text + \"]\"; /*!*/")]
    [InlineData("M:System.String.Concat(System.String[])", "return text + \"a\" + text + \"b\" + text; /*!*/")]
    [InlineData("M:System.Int32.ToString", "return \"n=\" + number; /*!*/")]
    [InlineData("M:System.String.op_Equality(System.String,System.String)", "return text == \"x\" ? \"y\" : text; /*!*/")]
    [InlineData("M:System.String.op_Inequality(System.String,System.String)", "return text != \"x\" ? \"y\" : text; /*!*/")]
    public void String_operators_need_their_helpers(string helper, string statement)
    {
        string source = $$"""
            namespace Board
            {
                public static class Text
                {
                    public static string Make(string text, int number)
                    {
                        {{statement}}
                    }
                }
            }
            """;
        GateRun.AssertAccepted(source);
        GateRun.AssertRejected(Rule.NotInAllowlist, source, GateRun.Allowlist.Without(helper));
    }

    [Fact]
    public void Appending_to_a_string_needs_String_Concat()
    {
        AssertNeeds("M:System.String.Concat(System.String,System.String)", """
            namespace Board
            {
                public static class Text
                {
                    public static string Twice(string text)
                    {
                        text += text; /*!*/
                        return text;
                    }
                }
            }
            """);
    }

    [Theory]
    [InlineData("M:System.Threading.Monitor.Enter(System.Object)")]
    [InlineData("M:System.Threading.Monitor.Exit(System.Object)")]
    public void Lock_needs_Monitor(string helper)
    {
        AssertNeeds(helper, """
            namespace Board
            {
                public sealed class Counter
                {
                    private readonly object _gate = new object();
                    private int _count;

                    public void Increment()
                    {
                        lock (_gate) /*!*/
                        {
                            _count++;
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public void Using_needs_IDisposable_Dispose()
    {
        AssertNeeds("M:System.IDisposable.Dispose", """
            namespace Board
            {
                public static class Timers
                {
                    public static void Once(System.Threading.Timer timer)
                    {
                        using (timer) /*!*/
                        {
                            timer.Change(0, 0);
                        }
                    }
                }
            }
            """);
    }

    [Theory]
    [InlineData("M:System.Collections.ArrayList.GetEnumerator")]
    [InlineData("M:System.Collections.IEnumerator.MoveNext")]
    [InlineData("P:System.Collections.IEnumerator.Current")]
    public void Foreach_over_an_ArrayList_needs_the_enumerator(string helper)
    {
        AssertNeeds(helper, """
            namespace Board
            {
                public static class Lists
                {
                    public static int Count(System.Collections.ArrayList items)
                    {
                        int count = 0;
                        foreach (object item in items) /*!*/
                        {
                            count++;
                        }

                        return count;
                    }
                }
            }
            """);
    }

    [Fact]
    public void Switch_on_a_string_needs_string_equality()
    {
        AssertNeeds("M:System.String.op_Equality(System.String,System.String)", """
            namespace Board
            {
                public static class Commands
                {
                    public static int Code(string name)
                    {
                        switch (name) /*!*/
                        {
                            case "unlock": return 1;
                            case "lock": return 2;
                            default: return 0;
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public void A_constant_array_initialiser_needs_InitializeArray()
    {
        AssertNeeds("M:System.Runtime.CompilerServices.RuntimeHelpers.InitializeArray(System.Array,System.RuntimeFieldHandle)", """
            namespace Board
            {
                public static class Table
                {
                    private static readonly int[] Weights = { 8, 7, 6, 5 }; /*!*/

                    public static int First()
                    {
                        return Weights[0];
                    }
                }
            }
            """);
    }

    [Fact]
    public void Flags_needs_FlagsAttribute()
    {
        AssertNeeds("M:System.FlagsAttribute.#ctor", """
            namespace Board
            {
                [System.Flags] /*!*/
                public enum Doors : byte
                {
                    None = 0,
                    Front = 1,
                }
            }
            """);
    }

    [Fact]
    public void An_override_needs_the_member_it_replaces()
    {
        AssertNeeds("M:System.Object.ToString", """
            namespace Board
            {
                public sealed class Reading
                {
                    public override string ToString() /*!*/
                    {
                        return "reading";
                    }
                }
            }
            """);
    }

    [Fact]
    public void An_implicit_constructor_needs_the_base_constructor()
    {
        AssertNeeds("M:System.Object.#ctor", """
            namespace Board
            {
                public sealed class Empty /*!*/
                {
                }
            }
            """);
    }

    [Fact]
    public void An_explicit_base_call_needs_that_constructor()
    {
        AssertNeeds("M:System.Exception.#ctor(System.String)", """
            namespace Board
            {
                public sealed class BoardException : System.Exception
                {
                    public BoardException(string message)
                        : base(message) /*!*/
                    {
                    }
                }
            }
            """);
    }

    [Fact]
    public void Implementing_a_BCL_interface_needs_its_members()
    {
        AssertNeeds("M:System.IDisposable.Dispose", """
            namespace Board
            {
                public sealed class Radio : System.IDisposable /*!*/
                {
                    public void Dispose()
                    {
                    }
                }
            }
            """);
    }

    [Fact]
    public void An_interpolated_string_needs_String_Format()
    {
        GateRun.AssertRejected(Rule.NotInAllowlist, """
            namespace Board
            {
                public static class Text
                {
                    public static string Of(int value)
                    {
                        return $"value={value}"; /*!*/
                    }
                }
            }
            """);
    }

    [Fact]
    public void A_field_like_event_needs_Delegate_Combine()
    {
        GateRun.AssertRejected(Rule.NotInAllowlist, """
            namespace Board
            {
                public sealed class Button
                {
                    public event System.Threading.ThreadStart Pressed; /*!*/
                }
            }
            """);
    }

    private static void AssertNeeds(string helper, string source)
    {
        GateRun.AssertAccepted(source);
        GateRun.AssertRejected(Rule.NotInAllowlist, source, GateRun.Allowlist.Without(helper));
    }
}
