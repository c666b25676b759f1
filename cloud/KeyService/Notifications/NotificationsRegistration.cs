using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ShareKey.KeyService.Notifications;

/// <summary>The notifications feature in two calls: its services, and its routes under /v1.</summary>
public static class NotificationsRegistration
{
    private const string BearerScheme = "bearer";

    public static IServiceCollection AddNotifications(this IServiceCollection services, NotificationOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<WebhookTransport>();
        services.AddSingleton<WebhookService>();
        services.AddHostedService<NotificationPipeline>();
        services.AddHostedService<SilenceWatcher>();
        services.AddHostedService<WebhookSender>();
        services.Configure<OpenApiOptions>("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token: Authorization: Bearer skt_…",
            };
            return Task.CompletedTask;
        }));
        return services;
    }

    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            return Task.CompletedTask;
        });
        group.MapNotificationFeed();
        group.MapWebhooks();
        return api;
    }
}
