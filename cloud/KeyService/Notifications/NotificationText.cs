using System.Text;
using System.Text.Json;

namespace ShareKey.KeyService.Notifications;

/// <summary>A notification's data as one line of "name=value" pairs, for tables and terminals.</summary>
public static class NotificationText
{
    public static string Detail(NotificationDto notification)
    {
        var line = new StringBuilder();
        if (notification.Data.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in notification.Data.EnumerateObject())
            {
                if (field.Name is "deviceId" or "keyId")
                {
                    continue;
                }

                line.Append(line.Length == 0 ? "" : " ").Append(field.Name).Append('=')
                    .Append(field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText());
            }
        }

        return line.ToString();
    }
}
