namespace ShareKey.KeyService.Problems;

/// <summary>Stable error codes; each maps to one HTTP status in <see cref="ErrorCodes"/>.</summary>
public enum ErrorCode
{
    Unauthenticated,
    TokenExpired,
    UserDisabled,
    Forbidden,
    InvalidRequest,
    NotFound,
    Conflict,
    UserNotFound,
    DeviceNotFound,
    DeviceDecommissioned,
    DeviceWrongKind,
    VehicleNotFound,
    VehicleNotBound,
    DeviceNotReady,
    KeyNotFound,
    KeyRevoked,
    KeyTransferred,
    FrozenByHigherAuthority,
    KeyFrozen,
    ShareExceedsParent,
    ValidityExceedsParent,
    ChangeStrandsShares,
    ShareLimitReached,
    ShareDepthExceeded,
    TransferPending,
    DeviceKeyLimit,
    RentalNotFound,
    RentalNotActive,
    VehicleInUse,
    VehicleNotRentable,
    VehiclePrivatelyOwned,
    RentalTooLong,
    RentalBeyondHorizon,
    RentalLimitReached,
    RotationNotFound,
    WebhookNotFound,
    TooManyWebhooks,
    Unavailable,
    RequestTooLarge,
    UnsupportedMediaType,
    MethodNotAllowed,
    GarageNotFound,
    GarageExists,
    SpaceNotFound,
    SpaceLabelTaken,
    LockAlreadyBound,
    InvalidMap,
    SpaceNotOnMap,
    GarageHasNoMap,
    ReservationNotFound,
    ReservationNotActive,
    SpaceTaken,
    CancelWindowClosed,
    ReservationTooLong,
    ReservationBeyondHorizon,
}

public static class ErrorCodes
{
    /// <summary>"device-not-found" from DeviceNotFound: the form that goes on the wire.</summary>
    public static string Wire(this ErrorCode code)
    {
        var name = code.ToString();
        var wire = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                wire.Append('-');
            }

            wire.Append(char.ToLowerInvariant(name[i]));
        }

        return wire.ToString();
    }

    public static int Status(this ErrorCode code) => code switch
    {
        ErrorCode.Unauthenticated or ErrorCode.TokenExpired or ErrorCode.UserDisabled => StatusCodes.Status401Unauthorized,
        ErrorCode.Forbidden or ErrorCode.FrozenByHigherAuthority => StatusCodes.Status403Forbidden,
        ErrorCode.InvalidRequest or ErrorCode.InvalidMap => StatusCodes.Status400BadRequest,
        ErrorCode.RequestTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCode.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCode.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorCode.NotFound or ErrorCode.UserNotFound or ErrorCode.DeviceNotFound or ErrorCode.VehicleNotFound
            or ErrorCode.KeyNotFound or ErrorCode.RentalNotFound or ErrorCode.RotationNotFound or ErrorCode.WebhookNotFound
            or ErrorCode.GarageNotFound or ErrorCode.SpaceNotFound or ErrorCode.ReservationNotFound => StatusCodes.Status404NotFound,
        ErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>The generic code of a status the framework answers by itself; null for a 5xx other than 503.</summary>
    public static ErrorCode? ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCode.Unauthenticated,
        StatusCodes.Status403Forbidden => ErrorCode.Forbidden,
        StatusCodes.Status404NotFound => ErrorCode.NotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCode.MethodNotAllowed,
        StatusCodes.Status409Conflict => ErrorCode.Conflict,
        StatusCodes.Status413PayloadTooLarge => ErrorCode.RequestTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCode.UnsupportedMediaType,
        StatusCodes.Status503ServiceUnavailable => ErrorCode.Unavailable,
        >= 400 and < 500 => ErrorCode.InvalidRequest,
        _ => null,
    };

    public static string Title(this ErrorCode code) => code switch
    {
        ErrorCode.Unauthenticated => "Missing or unknown API token",
        ErrorCode.TokenExpired => "The API token has expired",
        ErrorCode.UserDisabled => "The user is disabled",
        ErrorCode.Forbidden => "Not allowed for this caller",
        ErrorCode.InvalidRequest => "The request is invalid",
        ErrorCode.RequestTooLarge => "The request body is too large",
        ErrorCode.UnsupportedMediaType => "The request body is not JSON",
        ErrorCode.MethodNotAllowed => "The method is not allowed here",
        ErrorCode.DeviceDecommissioned => "The device is decommissioned",
        ErrorCode.DeviceWrongKind => "The device is of the wrong kind for this",
        ErrorCode.VehicleNotBound => "The vehicle is not bound to a T-BOX",
        ErrorCode.DeviceNotReady => "The device has no confirmed epoch key yet",
        ErrorCode.KeyRevoked => "The key is revoked",
        ErrorCode.KeyTransferred => "The key was transferred",
        ErrorCode.FrozenByHigherAuthority => "The freeze was put by someone higher up",
        ErrorCode.KeyFrozen => "The key is frozen",
        ErrorCode.ShareExceedsParent => "The share would allow more than the key it is shared from",
        ErrorCode.ValidityExceedsParent => "The key would allow more than the key it was shared from",
        ErrorCode.ChangeStrandsShares => "A share below the key would be left with no window",
        ErrorCode.ShareLimitReached => "The key has as many shares as it may have",
        ErrorCode.ShareDepthExceeded => "The share would sit too deep below its root key",
        ErrorCode.TransferPending => "The key is already being transferred",
        ErrorCode.DeviceKeyLimit => "The device has as many live keys as a revocation bulletin can list",
        ErrorCode.RentalNotActive => "The rental is not active",
        ErrorCode.VehicleInUse => "The vehicle is already rented",
        ErrorCode.VehicleNotRentable => "The vehicle is not listed for rent",
        ErrorCode.VehiclePrivatelyOwned => "The vehicle is privately owned",
        ErrorCode.RentalTooLong => "The rental is longer than the policy allows",
        ErrorCode.RentalBeyondHorizon => "The rental starts further ahead than bookings may",
        ErrorCode.RentalLimitReached => "The user has as many active rentals as allowed",
        ErrorCode.Unavailable => "The service cannot do this right now",
        ErrorCode.Conflict => "The request conflicts with the current state",
        ErrorCode.TooManyWebhooks => "Too many webhook endpoints",
        ErrorCode.GarageExists => "A garage of that name exists",
        ErrorCode.SpaceLabelTaken => "The garage has a space of that label",
        ErrorCode.LockAlreadyBound => "The parking lock is bound to another space",
        ErrorCode.InvalidMap => "The garage file is not a valid garage",
        ErrorCode.SpaceNotOnMap => "The space is not drawn on its garage's map",
        ErrorCode.GarageHasNoMap => "The garage has no imported map",
        ErrorCode.ReservationNotActive => "The reservation was cancelled or released",
        ErrorCode.SpaceTaken => "Another reservation holds the space in that window",
        ErrorCode.CancelWindowClosed => "The free cancellation period is over",
        ErrorCode.ReservationTooLong => "The reservation is longer than the space allows",
        ErrorCode.ReservationBeyondHorizon => "The reservation starts further ahead than the space takes bookings",
        _ => "Not found",
    };
}
