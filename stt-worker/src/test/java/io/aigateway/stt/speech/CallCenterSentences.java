package io.aigateway.stt.speech;

import java.util.List;

/** What callers say to an IT help desk or a call center: the spoken test set of the speech engines. */
final class CallCenterSentences {

    static final List<String> SENTENCES = List.of(
            "I need to reset my password.",
            "My VPN connection keeps dropping every few minutes.",
            "The printer on the third floor is out of toner.",
            "I cannot log in to my email account since this morning.",
            "Can you unlock my account please?",
            "My laptop will not connect to the office wifi.",
            "I would like to check the status of my ticket.",
            "The screen on my monitor keeps flickering.",
            "Please send me a link to install the new software.",
            "I forgot my password and I am locked out.",
            "The video call froze in the middle of my meeting.",
            "My computer is running very slow today.",
            "I have been waiting on hold for 20 minutes.",
            "Could you transfer me to the billing department?",
            "I need a new badge to enter the building.",
            "The shared drive is not showing up on my computer.",
            "I received a strange email asking for my password.",
            "Can you help me set up my new phone?",
            "My keyboard stopped working after the update.",
            "I would like to cancel my order and get a refund.",
            "The internet is down in the whole office.",
            "Please call me back tomorrow morning.",
            "How do I change the language on my account?",
            "Thank you for your help, have a nice day.");

    private CallCenterSentences() {}
}
