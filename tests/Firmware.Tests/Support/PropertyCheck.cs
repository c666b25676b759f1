using FsCheck;
using FsCheck.Fluent;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>Runs an FsCheck property as an xUnit assertion (there is no FsCheck.Xunit here): a failure throws with the counterexample.</summary>
public static class PropertyCheck
{
    public static void ForAll<T>(Gen<T> generator, int cases, Action<T> property) =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true),
            Prop.ForAll(Arb.From(generator), property));
}
