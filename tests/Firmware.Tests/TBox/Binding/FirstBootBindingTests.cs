using ShareKey.Firmware.TBox.Binding;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Binding;

/// <summary>R4.1–R4.4: the first boot binds the VIN to the IMSI, retrying until the cloud answers, and then never again.</summary>
public sealed class FirstBootBindingTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void The_first_boot_sets_bind_pending_and_reads_the_vin()
    {
        TBoxRig rig = new(_cloud);

        rig.Controller.Boot();

        Assert.True(rig.Controller.Status().BindPending);
        Assert.Equal(BindPhase.Requesting, rig.Controller.Status().BindPhase);
        Assert.Equal(1, rig.Bus.VinReads);
        Assert.True(rig.Log.Contains("first boot"));
    }

    [Fact]
    public void The_request_goes_up_on_connect_with_vin_and_imsi()
    {
        TBoxRig rig = new(_cloud);
        rig.Controller.Boot();
        Assert.Empty(rig.Uplink.Sent);

        rig.Controller.MqttConnected();

        BindRequestMessage request = Assert.Single(rig.Uplink.OfType<BindRequestMessage>());
        Assert.Equal(FakeVehicleBus.GoodVin, request.Vin);
        Assert.Equal(FakeVehicleBus.GoodImsi, request.Imsi);
    }

    [Fact]
    public void Requests_repeat_with_doubling_backoff_and_fresh_ids_until_a_result()
    {
        TBoxRig rig = new(_cloud);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();
        List<uint> sentAt = [0];

        for (uint second = 1; second <= 2000; second++)
        {
            int before = rig.Uplink.OfType<BindRequestMessage>().Count;
            rig.Advance(1);
            if (rig.Uplink.OfType<BindRequestMessage>().Count > before)
            {
                sentAt.Add(second);
            }
        }

        uint[] gaps = sentAt.Zip(sentAt.Skip(1), (a, b) => b - a).ToArray();
        Assert.Equal([15u, 30u, 60u, 120u, 240u, 480u, 900u], gaps.Take(7));
        Assert.All(gaps.Skip(6), gap => Assert.Equal(VinBinding.MaxRetrySeconds, gap));
        List<BindRequestMessage> requests = rig.Uplink.OfType<BindRequestMessage>();
        Assert.Equal(requests.Count, requests.Select(r => r.MessageId).Distinct().Count());
    }

    [Theory]
    [InlineData(BindOutcome.Bound)]
    [InlineData(BindOutcome.Confirmed)]
    [InlineData(BindOutcome.Rebound)]
    public void Any_outcome_but_rejected_clears_the_flag_for_good(BindOutcome outcome)
    {
        TBoxRig rig = new(_cloud);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();

        AckMessage ack = rig.Deliver(new BindResultMessage { MessageId = 1, Outcome = outcome, Vin = FakeVehicleBus.GoodVin });

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.False(rig.Controller.Status().BindPending);
        Assert.Equal(BindPhase.Idle, rig.Controller.Status().BindPhase);
        rig.Uplink.Clear();
        rig.Advance(VinBinding.MaxRetrySeconds * 2);
        rig.Reboot();
        rig.Controller.MqttConnected();
        rig.Advance(VinBinding.MaxRetrySeconds * 2);
        Assert.Empty(rig.Uplink.OfType<BindRequestMessage>());
        Assert.False(rig.Controller.Status().BindPending);
    }

    [Fact]
    public void A_duplicate_result_gets_the_same_ack_and_a_late_one_changes_nothing()
    {
        TBoxRig rig = new(_cloud);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();
        BindResultMessage result = new() { MessageId = 1, Outcome = BindOutcome.Bound, Vin = FakeVehicleBus.GoodVin };
        rig.Deliver(result);

        Assert.Equal(AckStatus.Applied, rig.Deliver(result).Status);
        Assert.Equal(AckStatus.Applied, rig.Deliver(new BindResultMessage { MessageId = 2, Outcome = BindOutcome.Rejected, Reason = 6, Vin = FakeVehicleBus.GoodVin }).Status);

        Assert.False(rig.Controller.Status().BindPending);
        Assert.Equal(0, rig.Controller.Status().BindRejectedReason);
    }

    [Fact]
    public void A_result_about_another_vin_is_refused_and_binding_goes_on()
    {
        TBoxRig rig = new(_cloud);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();

        AckMessage ack = rig.Deliver(new BindResultMessage { MessageId = 1, Outcome = BindOutcome.Bound, Vin = "11111111111111111" });

        Assert.Equal(AckStatus.Refused, ack.Status);
        Assert.True(rig.Controller.Status().BindPending);
    }

    [Fact]
    public void A_pending_binding_survives_a_reboot_and_resumes()
    {
        TBoxRig rig = new(_cloud);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();

        rig.Reboot();
        rig.Uplink.Clear();
        rig.Controller.MqttConnected();

        Assert.True(rig.Controller.Status().BindPending);
        Assert.Single(rig.Uplink.OfType<BindRequestMessage>());
    }

    [Fact]
    public void A_modem_not_ready_at_boot_is_asked_again_later()
    {
        TBoxRig rig = new(_cloud);
        rig.Bus.Imsi = null;
        rig.Controller.Boot();
        Assert.Equal(BindPhase.WaitingForModem, rig.Controller.Status().BindPhase);
        Assert.False(rig.Controller.Status().BindPending);

        rig.Bus.Imsi = FakeVehicleBus.GoodImsi;
        rig.Advance(VinBinding.ReadRetrySeconds - 1);
        Assert.Equal(BindPhase.WaitingForModem, rig.Controller.Status().BindPhase);
        rig.Advance(1);

        Assert.True(rig.Controller.Status().BindPending);
        Assert.Equal(BindPhase.Requesting, rig.Controller.Status().BindPhase);
    }
}
