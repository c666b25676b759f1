using Microsoft.Extensions.Options;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Rentals;

public static class RentalsRegistration
{
    /// <summary>
    /// Rentals, and ending a disabled renter's rentals. Register before the keys feature: a user's
    /// disable runs every <see cref="IHeldKeys"/> in registration order, and a rental ends (its car
    /// returned, its rotation started) before the keys it held are revoked.
    /// </summary>
    public static IServiceCollection AddRentals(this IServiceCollection services, RentalPolicyOptions options) => services
        .AddSingleton(Options.Create(options))
        .AddSingleton<RentalService>()
        .AddSingleton<IHeldKeys, DisabledRenter>();
}
