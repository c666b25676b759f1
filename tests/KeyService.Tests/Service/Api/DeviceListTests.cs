using System.Net;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>GET /v1/devices: operators page through the boards in the order provisioned, or ask for the one in service by name.</summary>
public sealed class DeviceListTests
{
    [Fact]
    public async Task An_operator_pages_through_boards_and_finds_one_in_service_by_name()
    {
        await using var service = await TestService.StartAsync();
        var provisioned = new List<string>();
        foreach (var name in new[] { "page-car-1", "page-car-2", "page-car-3" })
        {
            provisioned.Add((await service.ProvisionAsync(name)).Id);
        }

        var lockBoard = await service.ProvisionAsync("page-lock-1", "parking-lock");
        var first = await TestService.GetAsync<DevicePageDto>(service.Operator, "/v1/devices?kind=tbox&limit=2");
        var rest = await TestService.GetAsync<DevicePageDto>(service.Operator, $"/v1/devices?kind=tbox&limit=2&after={first.NextAfter}");

        // In the order provisioned: boards made in the same millisecond by id, so the pages are held to one page of all.
        var all = (await TestService.GetAsync<DevicePageDto>(service.Operator, "/v1/devices?kind=tbox&limit=1000")).Items;
        Assert.Equal(all.Select(d => d.Id), first.Items.Concat(rest.Items).Select(d => d.Id));
        Assert.Equal(provisioned.Order(), all.Select(d => d.Id).Order());
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.True(pair.First.CreatedAt <= pair.Second.CreatedAt));
        Assert.Equal(first.Items[^1].Id, first.NextAfter);
        Assert.Null(rest.NextAfter);
        // By name, without letter case, only a board in service, of the kind asked for.
        Assert.Equal([lockBoard.Id], (await TestService.GetAsync<DevicePageDto>(service.Operator, "/v1/devices?kind=parking-lock&name=PAGE-LOCK-1")).Items.Select(d => d.Id));
        Assert.Empty((await TestService.GetAsync<DevicePageDto>(service.Operator, "/v1/devices?kind=tbox&name=page-lock-1")).Items);
        await TestService.PostAsync<DeviceDto>(service.Operator, $"/v1/devices/{provisioned[0]}/decommission", null);
        Assert.Empty((await TestService.GetAsync<DevicePageDto>(service.Operator, "/v1/devices?name=page-car-1")).Items);

        var (_, user) = await service.CreateUserAsync("not-an-operator");
        await AssertProblemAsync(await user.GetAsync("/v1/devices?name=page-car-2"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await service.Operator.GetAsync("/v1/devices?after=0123456789abcdef"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.GetAsync("/v1/devices?limit=1001"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.GetAsync($"/v1/devices?name=page-car-2&after={provisioned[1]}"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.GetAsync($"/v1/devices?name={Uri.EscapeDataString("car\u0007")}"), HttpStatusCode.BadRequest, "invalid-request");
    }
}
