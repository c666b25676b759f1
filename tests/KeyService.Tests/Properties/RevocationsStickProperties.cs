using FsCheck;
using FsCheck.Fluent;
using ShareKey.KeyService.Keys;

namespace ShareKey.KeyService.Tests.Properties;

/// <summary>
/// docs/protocol.md §4.5, "the rule that makes revocations stick", over random histories: issue,
/// share, revoke, freeze, unfreeze, rotate, the device offline and back, reboots, time passing, and
/// phones trying any token of any key while carrying any bulletin they ever fetched, in any order.
/// (1) Once the device has applied a bulletin or Rotate naming a key revoked, it never accepts that
/// key again — even when the cloud is faulty and later bulletins leave it out. (2) With the real
/// cloud listing, a device that has applied any bulletin issued after a revocation never accepts the
/// revoked key — so the cloud never left a revocation that could still matter out of a bulletin.
/// </summary>
public sealed class RevocationsStickProperties
{
    private abstract record Step;

    private sealed record Issue(uint Lifetime, int Parent) : Step;

    private sealed record Change(int Key, KeyState Wanted) : Step;

    private sealed record Fetch : Step;

    private sealed record Rotate : Step;

    private sealed record GoOffline : Step;

    private sealed record ComeOnline : Step;

    private sealed record Advance(uint Seconds) : Step;

    private sealed record Reboot : Step;

    private sealed record Try(int Key, int Token, int Bulletin) : Step;

    private static readonly Gen<Step> AnyStep = Gen.Frequency(
        (6, from lifetime in Gen.OneOf(Gen.Constant(0u), Gen.Choose(100, 20_000).Select(i => (uint)i)) from parent in Gen.Choose(-1, 12) select (Step)new Issue(lifetime, parent)),
        (5, from key in Gen.Choose(0, 40) select (Step)new Change(key, KeyState.Revoked)),
        (2, from key in Gen.Choose(0, 40) select (Step)new Change(key, KeyState.Frozen)),
        (2, from key in Gen.Choose(0, 40) select (Step)new Change(key, KeyState.Active)),
        (2, Gen.Constant((Step)new Fetch())),
        (2, Gen.Constant((Step)new Rotate())),
        (2, Gen.Constant((Step)new GoOffline())),
        (1, Gen.Constant((Step)new ComeOnline())),
        (2, from seconds in Gen.Choose(1, 6_000) select (Step)new Advance((uint)seconds)),
        (1, Gen.Constant((Step)new Reboot())),
        (10, from key in Gen.Choose(0, 40) from token in Gen.Choose(0, 5) from bulletin in Gen.Choose(-1, 60) select (Step)new Try(key, token, bulletin)));

    [Fact]
    public void A_learned_revocation_is_never_undone_and_every_bulletin_after_a_revocation_carries_it()
    {
        var histories = from truncating in Gen.Elements(false, true)
                        from steps in Gen.ListOf(AnyStep)
                        select (truncating, steps.Take(80).ToArray());
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true),
            Prop.ForAll(Arb.From(histories), history => Run(history.truncating, history.Item2)));
    }

    [Fact]
    public void Many_rentals_and_returns_on_an_offline_car_never_bring_an_old_key_back()
    {
        var history = new RevocationHistory();
        history.Issue(0, -1);
        history.Online = false;
        for (var rental = 1; rental <= 200; rental++)
        {
            // The next renter fetches the key with the newest bulletin and carries it to the car.
            history.Issue(3_600, -1);
            history.Fetch();
            Assert.True(history.Try(history.Keys.Count - 1, 0, int.MaxValue).Accepted);
            for (var old = 1; old < history.Keys.Count - 1; old++)
            {
                // Earlier renters keep trying, carrying any bulletin they ever had, or none.
                Assert.False(history.Try(old, 0, (rental * old) % 9 == 0 ? -1 : rental * old).Accepted, $"rental {rental}: key {old} came back");
            }

            history.Change(history.Keys.Count - 1, KeyState.Revoked);
            history.Rotate();
            history.Advance(600);
        }

        Assert.True(history.Try(0, 0, -1).Accepted);
    }

    private static void Run(bool truncating, Step[] steps)
    {
        var history = new RevocationHistory { Truncating = truncating };
        foreach (var step in steps)
        {
            switch (step)
            {
                case Issue issue:
                    history.Issue(issue.Lifetime, issue.Parent);
                    break;
                case Change change:
                    history.Change(change.Key, change.Wanted);
                    break;
                case Fetch:
                    history.Fetch();
                    break;
                case Rotate:
                    history.Rotate();
                    break;
                case GoOffline:
                    history.Online = false;
                    break;
                case ComeOnline:
                    history.ComeOnline();
                    break;
                case Advance advance:
                    history.Advance(advance.Seconds);
                    break;
                case Reboot:
                    history.Reboot();
                    break;
                case Try attempt when history.Keys.Count > 0:
                    var (key, accepted) = history.Try(attempt.Key, attempt.Token, attempt.Bulletin);
                    if (accepted)
                    {
                        Assert.DoesNotContain(key.Id, history.Learned);
                        Assert.False(!truncating && history.RevokedAt(key.Id) is { } revokedAt && history.DeviceSequence >= revokedAt, $"key {key.Id:x} accepted after the device applied bulletin {history.DeviceSequence}, issued after its revocation");
                    }

                    break;
            }
        }
    }
}
