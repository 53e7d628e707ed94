import Foundation
import MinshengCore
import Testing

@Suite("Notification preferences: subscriptions by topic and channel, addresses checked")
struct NotificationPreferencesTests {
    @Test("subscription keys round-trip; in-app and unknown names are not subscriptions")
    func keys() {
        for topic in NoticeTopic.allCases {
            for channel in NotificationChannel.optional {
                let subscription = NotificationPreferences.Subscription(topic: topic, channel: channel)
                #expect(NotificationPreferences.Subscription(key: subscription.key) == subscription)
            }
        }
        #expect(NotificationPreferences.Subscription(key: "certificate:in-app") == nil)
        #expect(NotificationPreferences.Subscription(key: "certificate") == nil)
        #expect(NotificationPreferences.Subscription(key: "weather:sms") == nil)
        #expect(NotificationPreferences.Subscription(key: "certificate:fax") == nil)
    }

    @Test("e-mail addresses", arguments: [
        ("li.ming@example.cn", true), ("a+b@mail.sz.gov.cn", true), ("张三@例子.中国", true),
        ("no-at-sign", false), ("two@@example.cn", false), ("a@example", false), ("a b@example.cn", false),
        ("a@-bad.cn", false), ("<a@b.cn>", false), ("a@b.cn\r\nBcc: x@y.cn", false), ("@example.cn", false),
        (String(repeating: "a", count: 65) + "@example.cn", false),
    ])
    func emails(address: String, plausible: Bool) {
        #expect(NotificationPreferences.isPlausibleEmail(address) == plausible)
    }

    @Test("every problem at once: an address needed, WeChat not bound, a bad openid")
    func problems() {
        let wanting = NotificationPreferences(subscriptions: [.init(topic: .certificate, channel: .email), .init(topic: .order, channel: .wechat)])
        #expect(Set(wanting.problems()) == [.emailNeeded, .wechatNotBound])
        #expect(NotificationPreferences(wechatOpenID: "short").problems() == [.badOpenID])
        let fine = NotificationPreferences(email: "li.ming@example.cn", wechatOpenID: "oMinsheng0123456789abcdefghi",
                                           subscriptions: [.init(topic: .certificate, channel: .email), .init(topic: .certificate, channel: .wechat),
                                                           .init(topic: .certificate, channel: .sms)])
        #expect(fine.problems().isEmpty)
        #expect(fine.channels(for: .certificate) == [.sms, .wechat, .email])
        #expect(fine.channels(for: .application).isEmpty)
    }

    @Test("addresses are masked for logs")
    func masking() {
        let base = OutboundMessage(id: .init(), channel: .email, address: "li.ming@example.cn", topic: .order, titleZh: "", titleEn: "", createdAt: .init(), link: "/me")
        #expect(base.maskedAddress == "l***@example.cn")
        var sms = base
        sms.channel = .sms
        sms.address = "13800138000"
        #expect(!sms.maskedAddress.contains("0013800"))
    }
}
