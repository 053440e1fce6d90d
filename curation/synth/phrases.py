"""The phrase banks clean rows are written from: places, people, platforms, what happened, the
scenario sentences (English and Hinglish), the stock answer templates, helplines and channels, and
the one-word slots free-text answers are built from. Data only; `render` fills and varies it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# ---------------------------------------------------------------------------------------------
# Content: places, people, platforms. Tokens in braces are filled per row; pronoun tokens ({she},
# {her}, {her_o}, {she_is}, ...) become she/her or I/my/me so one sentence serves both the third
# and the first person. After {she} only past tense or modals, so "I" and "she" both agree.
# ---------------------------------------------------------------------------------------------

CITIES: Mapping[str, Sequence[str]] = {
    "Delhi": ("Lajpat Nagar", "Rohini", "Dwarka", "Mayur Vihar", "Karol Bagh", "Saket"),
    "Mumbai": ("Andheri", "Dadar", "Borivali", "Powai", "Kurla", "Chembur"),
    "Bengaluru": ("Koramangala", "Whitefield", "Jayanagar", "HSR Layout", "Yelahanka", "Marathahalli"),
    "Hyderabad": ("Kukatpally", "Gachibowli", "Secunderabad", "Dilsukhnagar", "Madhapur"),
    "Chennai": ("T. Nagar", "Velachery", "Adyar", "Tambaram", "Anna Nagar"),
    "Kolkata": ("Salt Lake", "Behala", "Garia", "Dum Dum", "Ballygunge"),
    "Pune": ("Kothrud", "Hinjewadi", "Viman Nagar", "Hadapsar", "Baner"),
    "Ahmedabad": ("Navrangpura", "Maninagar", "Satellite", "Bopal"),
    "Jaipur": ("Malviya Nagar", "Vaishali Nagar", "Mansarovar", "Raja Park"),
    "Lucknow": ("Gomti Nagar", "Aliganj", "Indira Nagar", "Hazratganj"),
    "Kanpur": ("Kakadeo", "Swaroop Nagar", "Kidwai Nagar"),
    "Patna": ("Boring Road", "Kankarbagh", "Rajendra Nagar"),
    "Bhopal": ("Arera Colony", "Kolar Road", "MP Nagar"),
    "Indore": ("Vijay Nagar", "Palasia", "Rajwada"),
    "Nagpur": ("Dharampeth", "Sitabuldi", "Manewada"),
    "Surat": ("Adajan", "Vesu", "Varachha"),
    "Kochi": ("Kakkanad", "Edappally", "Vyttila"),
    "Thiruvananthapuram": ("Kowdiar", "Pattom", "Kazhakkoottam"),
    "Coimbatore": ("RS Puram", "Gandhipuram", "Saravanampatti"),
    "Chandigarh": ("Sector 17", "Sector 22", "Manimajra"),
    "Ludhiana": ("Sarabha Nagar", "Model Town", "Dugri"),
    "Guwahati": ("Dispur", "Zoo Road", "Beltola"),
    "Bhubaneswar": ("Saheed Nagar", "Patia", "Nayapalli"),
    "Visakhapatnam": ("MVP Colony", "Gajuwaka", "Dwaraka Nagar"),
    "Ranchi": ("Lalpur", "Harmu", "Kanke Road"),
    "Dehradun": ("Rajpur Road", "Prem Nagar", "Clement Town"),
    "Siliguri": ("Pradhan Nagar", "Hakimpara"),
    "Durgapur": ("Bidhannagar", "Benachity"),
    "Noida": ("Sector 62", "Sector 18", "Sector 137"),
    "Gurugram": ("DLF Phase 3", "Sohna Road", "Sector 56"),
    "Mysuru": ("Kuvempunagar", "Vijayanagar", "Gokulam"),
    "Madurai": ("KK Nagar", "Tallakulam"),
    "Varanasi": ("Lanka", "Sigra", "Bhelupur"),
    "Agra": ("Kamla Nagar", "Sanjay Place"),
    "Raipur": ("Shankar Nagar", "Telibandha"),
    "Mangaluru": ("Kadri", "Bejai"),
    "Vadodara": ("Alkapuri", "Gotri"),
    "Nashik": ("College Road", "Gangapur Road"),
    "Jodhpur": ("Sardarpura", "Ratanada"),
    "Amritsar": ("Ranjit Avenue", "Lawrence Road"),
    "Shillong": ("Laitumkhrah", "Police Bazaar"),
}
# Helpline rules from the registry facts: 181 is not run in West Bengal; 1091 is a Delhi-style
# police line, so it is only given for Delhi.
WEST_BENGAL = ("Kolkata", "Siliguri", "Durgapur")
DELHI = ("Delhi",)

OCCUPATIONS = (
    "nurse", "schoolteacher", "software engineer", "college student", "bank clerk", "call-centre executive",
    "domestic worker", "beautician", "journalist", "lawyer", "doctor", "pharmacist", "fashion designer",
    "content creator", "delivery executive", "sales executive", "HR executive", "graphic designer", "accountant",
    "data analyst", "civil engineer", "architect", "flight attendant", "receptionist", "research scholar",
    "MBA student", "nursing student", "kindergarten teacher", "tailor", "shop owner", "yoga instructor",
    "photographer", "government clerk", "homemaker", "physiotherapist", "dentist", "lecturer", "UPSC aspirant",
    "hostel warden", "garment factory worker", "anganwadi worker", "social worker", "event manager", "chef",
    "insurance agent", "lab technician",
)
NAMES = (
    "Priya", "Ananya", "Kavya", "Meera", "Sneha", "Pooja", "Aishwarya", "Divya", "Neha", "Ritu", "Shreya", "Nandini",
    "Lakshmi", "Fatima", "Ayesha", "Zoya", "Simran", "Harpreet", "Gurleen", "Tanvi", "Ishita", "Riya", "Sana",
    "Anjali", "Deepa", "Swati", "Payal", "Rekha", "Sunita", "Bhavna", "Madhuri", "Archana", "Shalini", "Radhika",
    "Keerthana", "Revathi", "Anitha", "Bindu", "Mousumi", "Rupa", "Tanushree", "Moumita", "Jyoti", "Komal",
    "Preeti", "Rashmi", "Sapna", "Vidya", "Manisha", "Nisha", "Farah", "Nazia", "Roshni", "Tara", "Esther",
    "Mary", "Lalremruati", "Dolly", "Ipsita", "Sushmita", "Gayatri", "Hema", "Chitra", "Yamini", "Pallavi",
)
SURNAMES = (
    "sharma", "verma", "iyer", "nair", "reddy", "patel", "singh", "kaur", "khan", "das", "ghosh", "banerjee",
    "mukherjee", "joshi", "kulkarni", "deshpande", "rao", "menon", "pillai", "gupta", "agarwal", "mishra",
    "yadav", "chauhan", "shaikh", "ansari", "fernandes", "dsouza", "bhat", "hegde", "naidu", "saxena",
)
RELATIVES = ("sister", "cousin", "friend", "colleague", "roommate", "neighbour", "niece", "sister-in-law", "classmate")
PLATFORMS = (
    "Instagram", "WhatsApp", "Facebook", "Snapchat", "Telegram", "X", "LinkedIn", "ShareChat", "Moj", "Bumble",
    "Tinder", "Hinge", "Signal", "YouTube", "Threads", "Josh", "Discord",
)
COUNTS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "3", "4", "5", "6", "12")
AMOUNTS = (
    "₹5,000", "₹8,000", "₹10,000", "₹15,000", "₹20,000", "₹25,000", "₹40,000", "₹50,000", "₹75,000", "₹1,20,000",
    "₹1,50,000", "₹2 lakh", "₹3 lakh", "Rs 12,000", "Rs 30,000", "Rs. 60,000", "Rs 4,500", "₹90,000",
)
TIMES = (
    "around 9 pm", "late at night", "every morning", "after 10 pm", "around 7 in the evening", "during lunch hours",
    "on weekends", "early in the morning", "on the way back from work", "at around 2 am", "after midnight",
    "almost every evening",
)
VENUES = (
    "the metro station", "{her} bus stop", "the vegetable market", "{her} coaching centre", "the hostel gate",
    "the railway platform", "{her} gym", "the society parking", "the ATM near {her} house", "the college gate",
    "the temple road", "the flyover underpass", "the auto stand", "the park behind {her} lane",
)
WORKPLACES = ("office", "hospital", "school", "college", "shop", "clinic", "call centre", "factory", "salon", "bank branch")
DEADLINES = ("Friday", "tonight", "the end of the week", "tomorrow morning", "Monday", "Sunday evening")
DESTINATIONS = ("Dubai", "Muscat", "Bangkok", "Kuala Lumpur", "Riyadh", "Singapore", "Kuwait", "Mumbai", "Goa", "Delhi")
JOB_OFFERS = ("spa therapist", "domestic help", "receptionist", "dancer", "hotel staff", "beautician", "caretaker", "sales promoter", "model")
VIEWS = ("5,000", "12,000", "20,000", "45,000", "80,000", "1.5 lakh")
DURATION_N = ("two", "three", "four", "five", "six", "eight", "nine", "2", "3", "4", "6", "7")
DURATION_UNITS = ("weeks", "months", "weeks", "months", "days")
FESTIVALS = ("Diwali", "Holi", "Navratri", "Durga Puja", "Onam", "Pongal", "Eid", "Christmas", "Raksha Bandhan", "Lohri", "Ganesh Chaturthi")
PERIODS = ("week", "weekend", "few days", "night", "other day")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
TRIGGERS = (
    "{her} engagement was announced", "{she} changed jobs", "{she} moved out of {her} parents' house", "{her} wedding",
    "{she} refused a marriage proposal", "the breakup", "{she} posted about it online", "{she} started college",
    "{she} got a promotion", "{she} filed for divorce", "{she} moved to a new PG", "{her} father fell ill",
)

# The person responsible, per risk type. Always grammatically singular ("keeps", "has").
PERPETRATORS: Mapping[str, Sequence[str]] = {
    "cyberstalking": (
        "{her} ex-boyfriend", "a former classmate", "a man {she} rejected on a matrimonial site",
        "someone using an anonymous account", "a colleague from {her} old office", "a man {she} met once at a wedding",
        "{her} ex-husband", "a stranger who found {her} through a reel", "a senior from {her} college",
        "a neighbour's son", "a man who used to follow {her} to coaching classes", "a customer {she} once helped at work",
    ),
    "online harassment": (
        "a group of anonymous accounts", "a troll page", "{her} former friend", "a man from a local WhatsApp group",
        "a classmate", "a fake profile", "a relative of {her} ex", "an account with no display picture",
        "an online gaming contact", "a man who runs a gossip page", "a former tenant of {her} parents",
    ),
    "workplace harassment": (
        "{her} team lead", "{her} reporting manager", "a senior colleague", "the floor supervisor", "a client of {her} team",
        "the HR head", "the owner of the clinic where {she_is} employed", "a co-worker from another shift",
        "{her} department head", "a contractor at the site", "the branch manager",
    ),
    "domestic violence": (
        "{her} husband", "{her} husband's family", "{her} brother-in-law", "{her} live-in partner", "{her} father-in-law",
        "{her} elder brother", "{her} stepfather", "{her} mother-in-law", "{her} husband's elder brother",
    ),
    "coercive control": (
        "{her} husband", "{her} fiancé", "{her} boyfriend", "{her} live-in partner", "{her} mother-in-law",
        "{her} husband's elder brother", "{her} partner of several years",
    ),
    "blackmail / extortion": (
        "{her} ex-boyfriend", "a man {she} met on a dating app", "a caller claiming to be from the cyber cell",
        "a former colleague", "someone who hacked {her} cloud account", "a man {she} video-called once",
        "an unknown number on WhatsApp", "a loan-app recovery agent", "a person posing as a customs officer",
    ),
    "trafficking indicators": (
        "a placement agent", "a woman from {her} village who offers jobs in the city", "an agency that promised work abroad",
        "a self-styled modelling coordinator", "a neighbour who arranges marriages", "a labour contractor",
        "a man who runs a beauty parlour", "a man {she} met on Instagram",
    ),
    "deepfake abuse": (
        "an unknown account", "{her} ex-boyfriend", "a classmate", "someone in a Telegram group",
        "a man {she} had refused to date", "a former colleague", "a group of boys from {her} college",
        "a follower who kept asking for {her} number",
    ),
    "revenge content (NCII)": (
        "{her} ex-boyfriend", "{her} ex-husband", "a former partner", "a man {she} dated briefly",
        "{her} estranged husband", "{her} ex-fiancé",
    ),
    "financial exploitation": (
        "{her} husband", "{her} brother", "a man {she} met on a matrimonial site", "{her} father-in-law",
        "a chit fund agent", "{her} live-in partner", "a relative who manages {her} salary",
        "a fake investment group on Telegram", "a caller posing as a bank official",
    ),
    "emotional manipulation": (
        "{her} husband", "{her} live-in partner", "{her} mother-in-law", "{her} husband's family", "{her} father-in-law",
        "{her} sister-in-law",
    ),
    "public safety / stalking": (
        "a man on a bike", "an auto driver", "a group of men near the bus stop", "a man who takes the same metro",
        "a stranger", "the son of a local shopkeeper", "a delivery boy", "a man from the next lane", "a gym trainer",
        "a cab driver who once dropped {her} home",
    ),
}

# What happened, per risk type. {Perp} starts a sentence; {perp} is the same phrase mid-sentence.
EVENTS: Mapping[str, Sequence[str]] = {
    "cyberstalking": (
        "{Perp} has been messaging {her_o} from {count} different {platform} accounts, even after {she} blocked the first one.",
        "{Perp} comments on every photo {she} posted on {platform} and seems to know exactly where {she_was} the day before.",
        "{Perp} somehow knows which café {she} visited and drops hints about it in {platform} stories.",
        "Every time {she} opened a new {platform} account, {perp} found it within a day and sent a follow request.",
        "{Perp} keeps tagging {her_o} in posts on {platform} and messages {her} friends to ask about {her} plans.",
        "{Perp} sent {her_o} a screenshot of {her} live location, which {she} never shared with anyone.",
        "{Perp} watches all of {her} {platform} stories within seconds and then calls from unknown numbers {time}.",
        "{Perp} created a fan page about {her_o} on {platform} and posts {her} daily routine there.",
        "{Perp} has been logging into {her} {platform} account, and {she_has} been getting login alerts from another city.",
        "{Perp} messages {her_o} on {platform} {time} describing what {she_was} wearing that day.",
        "{Perp} joined every {platform} group {she_is} part of and replies to each message {she} sent.",
        "After {she} stopped replying, {perp} began emailing {her} office and contacting {her} colleagues on {platform2}.",
    ),
    "online harassment": (
        "{Perp} posts abusive comments under every video {she} uploaded on {platform}.",
        "{Perp} shared a morphed meme of {her_o} on {platform}, and it is being forwarded in local groups.",
        "{Perp} keeps sending {her_o} vulgar messages on {platform}, sometimes {count} in a single night.",
        "{Perp} started a hashtag mocking {her_o} on {platform} after {she} posted about a civic issue.",
        "{Perp} leaves sexually coloured remarks on {her} {platform} posts and messages {her} followers about {her_o}.",
        "{Perp} spread a false rumour about {her} character on {platform}, and it reached {her} relatives.",
        "{Perp} sends {her_o} voice notes full of slurs on {platform} and deletes them an hour later.",
        "{Perp} added {her} number to {count} random {platform} groups where strangers now message {her_o}.",
        "Since {her} post went viral, {perp} has been flooding {her} inbox on {platform} with insults.",
        "{Perp} edits {her} pictures into obscene stickers and circulates them on {platform}.",
        "{Perp} repeatedly calls {her} {workplace} pretending to be a customer and makes lewd remarks.",
    ),
    "workplace harassment": (
        "{Perp} keeps making comments about {her} clothes and body in front of the team at the {workplace}.",
        "{Perp} asked {her_o} to come to a hotel for a review meeting and hinted that {her} appraisal depends on it.",
        "{Perp} messages {her_o} on {platform} {time} and gets angry at work if {she} did not reply.",
        "{Perp} touched {her} shoulder and back several times during a late shift at the {workplace}.",
        "{Perp} blocked {her} promotion after {she} refused to go out for dinner.",
        "{Perp} shows obscene videos on a phone to {her_o} and the other women during breaks.",
        "{Perp} keeps putting {her_o} on night shifts alone and stands too close when nobody is around.",
        "When {she} complained about {perp}, the company told {her_o} there is no Internal Committee.",
        "{Perp} sends {her_o} jokes with sexual content on the office {platform} group every few days.",
        "{Perp} said {she} would lose {her} contract unless {she_was} more friendly after work.",
        "{Perp} follows {her_o} to the parking area after work and insists on dropping {her_o} home.",
    ),
    "domestic violence": (
        "{Perp} hits {her_o} when dinner is late and has broken {her} phone twice.",
        "{Perp} pushed {her_o} down the stairs during an argument about money for {her} parents.",
        "{Perp} keeps demanding {amount} more as dowry and slapped {her_o} when {her} father could not pay.",
        "{Perp} locks {her_o} in a room whenever relatives visit and takes away {her} phone.",
        "{Perp} beat {her_o} with a belt last week, and {she_has} bruises on {her} arms.",
        "{Perp} throws things at {her_o} and has threatened to throw {her_o} out of the house with {her} child.",
        "{Perp} twisted {her} arm so badly that {she} needed a plaster at the government hospital.",
        "{Perp} abuses {her_o} verbally every day and has started hitting {her_o} in front of the children.",
        "{Perp} forced {her_o} to leave {her} job and hits {her_o} if {she_is} caught talking to {her} own family.",
        "{Perp} choked {her_o} during a fight {time}, and {she} had to run to a neighbour's house.",
        "{Perp} keeps taunting {her_o} about dowry and pushed {her_o} against the wall when {she} objected.",
    ),
    "coercive control": (
        "{Perp} checks {her} phone every night and demands the passwords to all {her} accounts.",
        "{Perp} controls all of {her} salary and gives {her_o} {amount} a month for everything.",
        "{Perp} does not let {her_o} meet {her} friends and calls {count} times an hour when {she_is} out.",
        "{Perp} installed a tracking app on {her} phone and questions every place {she} visited.",
        "{Perp} decides what {she} can wear and who {she} can speak to, even at {her} {workplace}.",
        "{Perp} took {her} identity documents and bank passbook and refuses to return them.",
        "{Perp} threatens to take the children away if {she_is} seen visiting {her} parents without permission.",
        "{Perp} insists that {she} share {her} live location at all times and gets furious when it switches off.",
        "{Perp} reads all {her} {platform} chats and has deleted contacts {she_was} talking to.",
        "{Perp} made {her_o} quit {her} job as a {occ} and now reminds {her_o} daily that {she_has} no income of {her} own.",
    ),
    "blackmail / extortion": (
        "{Perp} is threatening to send private photos of {her_o} to {her} family unless {amount} is paid.",
        "{Perp} recorded a video call without {her} consent and now demands {amount} on {platform}.",
        "{Perp} says {she} must transfer {amount} by {deadline} or the chats will be posted online.",
        "{Perp} claims to have copied {her} gallery and is asking for {amount} in cryptocurrency.",
        "{Perp} threatens to tell {her} in-laws about an old relationship unless the payments continue.",
        "{Perp} told {her_o} on {platform} that a fake case will be filed unless {amount} is paid as a settlement.",
        "{Perp} has already taken {amount} from {her_o} and is now asking for more, threatening to leak the pictures.",
        "{Perp} is pressuring {her_o} to meet in person and threatens to upload the photos on {platform} if {she_is} unwilling.",
        "{Perp} sent {her_o} a morphed picture and demanded {amount} to delete it.",
        "{Perp} keeps calling from different numbers saying {her} contacts will receive the video if the money is not paid.",
        "{Perp} threatens to message everyone in {her} contact list unless {amount} is paid by {deadline}.",
    ),
    "trafficking indicators": (
        "{Perp} offered {her_o} a job as a {job_offer} in {dest} and asked for {her} passport to process the visa.",
        "{Perp} wants {her_o} to travel to {dest} immediately and says the salary will be {amount} a month, with no contract.",
        "{Perp} took {her} phone and documents after {she} reached {dest} and says {she} must repay the travel cost first.",
        "{Perp} is arranging {her} marriage to a man from another state whom {she_has} never met, in exchange for money.",
        "{Perp} told {her_o} to lie to the immigration officer about the purpose of the trip to {dest}.",
        "{Perp} keeps recruiting young women from {her} area for {job_offer} jobs, and none of them has called home since.",
        "{Perp} asked {her_o} to bring two other girls along for the {job_offer} job and offered {amount} for each.",
        "{Perp} has promised {her_o} work in {dest} but refuses to tell {her} family where {she} will stay.",
        "The women at the {job_offer} placement where {perp} sent {her_o} are not allowed to leave the building.",
        "{Perp} gave {her_o} an advance of {amount} and now says {she} must work off the debt in {dest}.",
    ),
    "deepfake abuse": (
        "{Perp} used {her} profile pictures to create an explicit deepfake video and posted it on {platform}.",
        "A morphed nude image of {her_o} made with an AI app is circulating on {platform}, and {perp} is suspected.",
        "{Perp} made a fake video of {her_o} saying offensive things and shared it in {her} college group.",
        "{Perp} is selling AI-generated obscene images of {her_o} in a {platform} channel.",
        "{Perp} put {her} face on an adult video and sent the link to {her} manager.",
        "{Perp} created a deepfake audio clip in {her} voice asking {her} friends for money.",
        "{Perp} posted a face-swapped video of {her_o} on {platform}, and it has over {views} views.",
        "{Perp} threatens to make more such videos of {her_o} after {she} reported the first deepfake.",
        "An obscene deepfake of {her_o} appeared on {platform} a day after {she} refused to go out with {perp}.",
        "{Perp} used {her} photos from {platform} to create explicit images and shared them with {her} relatives.",
    ),
    "revenge content (NCII)": (
        "{Perp} uploaded intimate videos of {her_o} on {platform} after the breakup.",
        "{Perp} sent private photos of {her_o} to {her} parents and colleagues when {she} ended the relationship.",
        "{Perp} shared a private video from the relationship in a {platform} group with hundreds of members.",
        "{Perp} posted intimate pictures of {her_o} on an adult website and tagged {her} real name.",
        "{Perp} threatens to release private videos recorded during the relationship if {she} were to marry someone else.",
        "{Perp} made a fake {platform} account in {her} name and posted private pictures from it.",
        "Intimate images that only {perp} had are now on {platform}, and {her} friends have seen them.",
        "{Perp} secretly recorded {her_o} while {she_was} changing and has shared the clip with friends.",
        "{Perp} posted {her} private photos on {platform} with {her} phone number in the caption.",
        "{Perp} sent intimate images of {her_o} to {her} new partner to break up the engagement.",
    ),
    "financial exploitation": (
        "{Perp} took loans of {amount} in {her} name without telling {her_o}.",
        "{Perp} convinced {her_o} to invest {amount} in a scheme promoted on {platform}, and the money has disappeared.",
        "{Perp} forces {her_o} to hand over {her} entire salary and keeps {her} ATM card.",
        "{Perp} sold {her} jewellery without {her} consent and spent the money.",
        "{Perp} asked {her_o} for {amount} for a medical emergency and then stopped answering {her} calls.",
        "{Perp} got {her_o} to sign property papers {she} could not read, and {she_has} now lost {her} share of the house.",
        "{Perp} asked for {her} UPI PIN to fix a KYC problem, and {amount} was debited the same day.",
        "{Perp} keeps borrowing money, has taken {amount} so far and refuses to return any of it.",
        "{Perp} opened a joint account, moved {her} savings into it and then withdrew everything.",
        "{Perp} used {her} documents to buy a phone on EMI, and the lender now calls {her_o} every day.",
        "{Perp} promised marriage, took {amount} for a business and then blocked {her_o} on {platform}.",
    ),
    "emotional manipulation": (
        "{Perp} constantly tells {her_o} that {she_is} worthless and that nobody else would tolerate {her_o}.",
        "{Perp} threatens self-harm whenever {she_is} planning to visit {her} parents.",
        "{Perp} twists everything {she} said and insists that {she_is} imagining things.",
        "{Perp} gives {her_o} the silent treatment for days at the slightest disagreement.",
        "{Perp} blames {her_o} for every problem in the family and has turned {her} children against {her_o}.",
        "{Perp} calls {her_o} mad in front of relatives and says {she} should get treatment.",
        "{Perp} makes {her_o} apologise for things {she} did not do and keeps a list of {her} mistakes.",
        "{Perp} says {her} parents will suffer if {she} ever left the house for good.",
        "{Perp} read out {her} private diary to the family to humiliate {her_o}.",
        "{Perp} keeps comparing {her_o} with other women and mocks {her} appearance every day.",
    ),
    "public safety / stalking": (
        "{Perp} follows {her_o} from {venue} almost every day {time}.",
        "{Perp} waits near {venue} and passes comments whenever {she_is} walking by.",
        "{Perp} tried to grab {her} hand near {venue} and ran off when people gathered.",
        "{Perp} has been photographing {her_o} at {venue} without permission.",
        "{Perp} made obscene gestures at {her_o} at {venue} and laughed about it.",
        "{Perp} blocked {her} way at {venue} and demanded {her} number.",
        "{Perp} follows {her} bus on a bike and waits at {her} stop.",
        "{Perp} tried to pull {her} dupatta at {venue} {time}.",
        "{Perp} keeps standing outside {her} house at night and stares at the window.",
        "{Perp} touched {her_o} inappropriately in a crowded bus near {venue}.",
        "{Perp} has found out {her} office timings and appears at {venue} {time}.",
    ),
}

INTROS_THIRD = (
    "{name}, {a_age} {age}-year-old {occ}, lives in {loc}, {city}.",
    "{A_age} {age}-year-old {occ} from {loc} in {city} has asked for advice.",
    "My {relative}, {name}, is {age} and works as {occ_a} in {city}.",
    "This is about {occ_a} aged {age} who stays in a PG in {loc}, {city}.",
    "{name} ({age}) moved to {loc}, {city} last year to work as {occ_a}.",
    "{name} is {age}, works as {occ_a} and lives near {loc} in {city}.",
    "I am writing for my {relative} {name}, {a_age} {age}-year-old {occ} in {city}.",
    "{A_age} {age}-year-old woman working as {occ_a} in {loc}, {city} shared this.",
    "My {relative} is {a_age} {age}-year-old {occ} who lives alone in {city}.",
)
INTROS_FIRST = (
    "I am {a_age} {age}-year-old {occ} living in {loc}, {city}.",
    "I'm {age}, I work as {occ_a} and I live in {city}.",
    "I moved to {loc} in {city} to work as {occ_a}, and I am {age}.",
    "I am {age} and stay in a rented flat in {loc}, {city}.",
    "I am {occ_a} in {city}, {age} years old.",
    "I'm {a_age} {age}-year-old {occ} from {loc}, {city}.",
)
DURATIONS = (
    "This has been going on for {n_dur} {unit}.",
    "It started {n_dur} {unit} ago and has only become worse.",
    "It began around {festival} and now happens almost every {period}.",
    "For the last {n_dur} {unit}, it has happened again and again.",
    "The first incident was about {n_dur} {unit} ago.",
    "It has continued for nearly {n_dur} {unit} now.",
    "Things changed about {n_dur} {unit} ago, after {trigger}.",
    "This started soon after {trigger}.",
    "It has happened at least {count} times since {month}.",
    "Since {month}, it has not stopped for more than a week.",
    "It got worse after {festival}, when {trigger}.",
)
FEARS: Mapping[str, Sequence[str]] = {
    "low": (
        "{She_is} not scared, only irritated, and would like it to stop.",
        "It is more embarrassing than frightening for {her_o} right now.",
        "{She} would prefer to handle it quietly without a police case.",
        "{She_is} unsure whether this is serious enough to report.",
        "It bothers {her_o}, but {she_is} not feeling unsafe yet.",
        "{She_is} hoping {perp} will simply lose interest.",
        "{She_has} not felt threatened so far, but it is tiring.",
        "{She_is} mostly worried about what people will say.",
    ),
    "medium": (
        "{She_is} anxious all the time and {she_has} stopped going out in the evening.",
        "{She} cannot concentrate on {her} work anymore.",
        "{She_is} worried it will get worse if it is ignored.",
        "{She_has} started taking a different route home.",
        "{She_is} losing sleep and {she_has} skipped classes twice.",
        "{She_is} afraid {her} family will blame {her_o} if they find out.",
        "{She_has} become nervous whenever {her} phone buzzes.",
        "{She_is} unsure whom to trust at the {workplace} now.",
    ),
    "high": (
        "{She_is} afraid {perp} will turn up at {her} {workplace}.",
        "{She_has} stopped sleeping properly and fears for {her} safety.",
        "{She_is} no longer comfortable travelling alone.",
        "{She_is} scared that the situation could turn violent.",
        "{She_has} moved in with a friend because {she_is} frightened.",
        "{She_is} terrified that {her} reputation will be destroyed.",
        "{She_is} afraid {perp} knows where {she_is} living.",
        "{She_has} panic attacks and has not been to the {workplace} in days.",
    ),
    "critical": (
        "{Perp} has threatened to kill {her_o} if {she} told anyone.",
        "{She_is} terrified and {she_has} locked {herself} in a room twice this week.",
        "{She_is} afraid for {her} life and for {her} child.",
        "{Perp} said {she} would regret it and was seen near {her} house last night.",
        "{She_has} no safe place to go tonight.",
        "{She_is} scared {she} will be taken somewhere and not allowed to return.",
        "{Perp} has a knife at home and has shown it to {her_o} twice.",
        "{She_has} written that {she} cannot take this anymore.",
    ),
}
DETAILS = (
    "{She_has} saved screenshots of most of the messages.",
    "{Her} parents do not know about any of this yet.",
    "A friend suggested the women's cell, but {she_is} hesitant.",
    "The local police station told {her_o} to sort it out directly.",
    "{She} changed {her} number once, but it did not help.",
    "{She_has} already blocked {perp} everywhere.",
    "{Her} roommate has noticed it as well.",
    "{She} cannot afford a lawyer right now.",
    "{She_was} told by {her} family to stay quiet for the sake of their reputation.",
    "{She} deleted some of the messages in a panic.",
    "{She_has} a small child and no income of {her} own.",
    "Two colleagues have seen part of what happened.",
    "{She_is} new to the city and knows very few people.",
    "{Her} landlord has also started asking questions.",
    "{She_was} too scared to tell anyone until last week.",
    "{She_has} a record of the dates in a notebook.",
    "{Her} brother offered to confront {perp}, which worries {her_o}.",
    "{She} tried to report it once, but nobody followed up.",
    "{She_is} preparing for exams and cannot afford this stress.",
    "Some of {her} relatives are taking {perp}'s side.",
    "{She_has} a medical report from the last time.",
    "{She} could not sleep after the last incident.",
)
ASKS = (
    "What are {her} options?",
    "What can {she} do legally?",
    "Where should {she} report this?",
    "Is this a criminal offence in India?",
    "Should {she} go to the police or the women's commission first?",
    "How can {she} get this stopped without {her} family finding out?",
    "Can {she} file a complaint online?",
    "What evidence will {she} need?",
    "Whom can {she} call for help tonight?",
    "Is there any way to get the content removed?",
    "Will the police take this seriously?",
    "What should {she} do next?",
    "Can {she} get a protection order?",
    "Will {she} need a lawyer for this?",
)
# Sentence orders: I intro, E event, F a second event, D duration, R fear, T detail, A ask.
# Every structure has the intro: its name, age, occupation and place keep short scenarios apart.
STRUCTURES = ("IEDRTA", "IERA", "IEDT", "EIRTA", "IEFDR", "EDITRA", "IETR", "IEFRA", "IE", "EID", "IEDRA", "IER")
STRUCTURE_WEIGHTS = (12, 10, 9, 9, 8, 8, 9, 7, 3, 4, 10, 6)

# Drop-in alternatives for words of the scenario sentences. Each occurrence becomes a per-row
# choice ("keeps" -> keeps/continues), so two rows built from the same sentence still differ in
# wording, as people's accounts do, and do not look like near-duplicates of each other.
THESAURUS: Mapping[str, Sequence[str]] = {
    "keeps": ("continues",), "messages": ("texts",), "photos": ("pictures", "images"), "pictures": ("photos", "images"),
    "photo": ("picture",), "images": ("pictures",), "videos": ("clips",), "sends": ("forwards",),
    "every day": ("each day", "daily"), "every night": ("each night",), "every time": ("each time",),
    "threatens": ("is threatening",), "afraid": ("scared", "frightened"), "scared": ("frightened",),
    "terrified": ("petrified", "extremely scared"), "worried": ("concerned", "anxious"), "anxious": ("on edge",),
    "money": ("cash",), "posted": ("uploaded", "put up"), "uploaded": ("posted",), "immediately": ("right away", "at once"),
    "repeatedly": ("again and again", "constantly"), "constantly": ("always", "repeatedly"), "several": ("many", "a few"),
    "private": ("personal",), "intimate": ("private",), "abusive": ("nasty", "hateful"), "vulgar": ("obscene", "dirty"),
    "office": ("workplace",), "colleagues": ("co-workers",), "relatives": ("extended family",), "family": ("relatives",),
    "almost": ("nearly",), "hits": ("beats", "slaps"), "demands": ("insists on",), "demanded": ("asked for",),
    "refuses": ("declines",), "claims": ("says",), "says": ("claims", "insists"), "comments": ("remarks",),
    "remarks": ("comments",), "strangers": ("unknown men",), "rumour": ("story",), "scheme": ("plan",),
    "documents": ("papers",), "job": ("position",), "worse": ("more serious",), "quietly": ("discreetly",),
    "lawyer": ("advocate",), "complaint": ("case",), "options": ("choices",), "legally": ("under the law",),
    "anymore": ("any longer",), "properly": ("well",), "frightened": ("scared",), "embarrassing": ("humiliating",),
    "irritated": ("annoyed",), "tiring": ("exhausting",), "nervous": ("jumpy",), "destroyed": ("ruined",),
    "stress": ("pressure",), "screenshots": ("screen captures",), "chats": ("conversations",), "cannot": ("can't",),
    "does not": ("doesn't",), "did not": ("didn't",), "has not": ("hasn't",), "right now": ("at the moment",),
    "last week": ("a few days ago",), "because": ("since",), "even after": ("despite the fact that",),
    "exactly": ("precisely",), "within a day": ("within hours",), "within seconds": ("almost instantly",),
    "at all times": ("round the clock",), "badly": ("severely",), "furious": ("enraged",), "angry": ("upset",),
    "humiliate": ("shame",), "mocks": ("ridicules",), "worthless": ("useless",), "pressuring": ("pushing",),
    "circulating": ("being shared",), "circulates": ("spreads",), "leak": ("release",), "secretly": ("covertly",),
    "inappropriately": ("indecently",), "permission": ("consent",), "consent": ("permission",), "disappeared": ("vanished",),
    "debited": ("taken out",),
    "I am": ("I'm",), "lives in": ("stays in",), "live in": ("stay in",), "works as": ("is employed as", "is working as"),
    "rented flat": ("rented room", "small rented flat"), "moved to": ("shifted to", "relocated to"),
    "PG": ("hostel", "paying-guest room"), "all the time": ("constantly", "day and night"), "whenever": ("every time",),
    "hesitant": ("unsure", "reluctant"), "salary": ("income", "pay"), "controls": ("manages",), "insults": ("abuse",),
    "flooding": ("spamming",), "appeared": ("surfaced", "showed up"), "obscene": ("explicit",), "refused": ("declined",),
    "offered": ("promised",), "went viral": ("blew up online",), "inbox": ("DMs",),
    "phone": ("mobile",), "parents": ("mother and father",), "friends": ("close friends",), "near": ("close to",),
    "different": ("separate",), "anyone": ("anybody",), "nobody": ("no one",),
    "children": ("kids",), "child": ("kid",), "knows": ("has figured out",), "follows": ("tails",),
    "touched": ("groped",), "pushed": ("shoved",), "deleted": ("erased",), "twice": ("two times",),
    "during": ("in the middle of",), "fake": ("bogus",), "created": ("made",),
    "tried to": ("attempted to",), "calls": ("rings",), "local": ("nearby",),
}
HI_THESAURUS: Mapping[str, Sequence[str]] = {
    "roz": ("har din", "daily"), "pareshan": ("tension mein", "ghabrayi hui"), "gande": ("bhadde",),
    "dhamki": ("dhamkee", "dhamki bhari baat"), "usko": ("use",), "bahut": ("kaafi",), "turant": ("fauran",),
    "bina bataye": ("chupke se",), "baar baar": ("kai baar",), "jhooti": ("galat",), "dar": ("khauf",),
    "photos": ("pics", "tasveerein"), "photo": ("pic", "tasveer"), "paise": ("rupaye",), "gharwalon": ("ghar walon", "family"),
    "kaam": ("job",), "chahti": ("chaahti",), "abhi": ("filhaal",), "serious": ("gambhir",),
    "kaam karti hai": ("job karti hai", "naukri karti hai"), "rehti hai": ("stay karti hai",), "problem": ("pareshani", "dikkat"),
    "batayi": ("share ki",), "shift hui": ("aayi",), "maarta": ("peet-ta",), "phone": ("mobile",), "ghar": ("makaan",),
    "messages": ("msgs",), "screenshots": ("screen shots", "SS"), "dosto": ("saheliyon",), "koshish": ("try",),
    "complaint": ("shikayat",), "chal raha hai": ("ho raha hai",),
}

# Hinglish (romanized Hindi mixed with English): third person only, its own parts.
HI_INTROS = (
    "Meri {relative_hi} {name} {age} saal ki hai aur {city} ke {loc} mein rehti hai.",
    "{name} {age} saal ki {occ} hai aur {city} mein kaam karti hai.",
    "Main apni dost {name} ke liye likh rahi hoon, woh {age} saal ki hai aur {loc}, {city} mein rehti hai.",
    "{name} ({age}) abhi {occ} ki job ke liye {city} shift hui hai.",
    "Yeh meri {relative_hi} {name} ki baat hai, jo {loc} mein PG mein rehti hai.",
    "{city} ki ek {age} saal ki {occ} ne yeh problem batayi hai.",
    "Meri {relative_hi} {name} {city} mein {occ} hai, umar {age} saal.",
    "{name} {loc} ({city}) mein apne parivaar ke saath rehti hai aur {age} saal ki hai.",
    "Main {name} hoon, {age} saal ki, aur {city} mein {occ} ka kaam karti hoon.",
)
HI_RELATIVES = ("behen", "cousin", "dost", "padosan", "colleague", "roommate", "bhabhi", "bhatiji")
HI_PERPETRATORS: Mapping[str, Sequence[str]] = {
    "cyberstalking": ("uska ex-boyfriend", "college ka ek senior", "ek anjaan aadmi", "matrimonial site pe mila ek ladka", "purane office ka ek colleague"),
    "online harassment": ("ek troll account", "uska purana dost", "mohalle ke WhatsApp group ka ek aadmi", "ek fake profile wala", "uske ex ka ek rishtedaar"),
    "workplace harassment": ("uska team lead", "uska manager", "ek senior colleague", "floor supervisor", "ek client"),
    "domestic violence": ("uska pati", "uska devar", "uska sasur", "uska live-in partner", "uska bada bhai"),
    "coercive control": ("uska pati", "uska boyfriend", "uska fiance", "uska live-in partner"),
    "blackmail / extortion": ("uska ex-boyfriend", "dating app pe mila ek aadmi", "cyber cell ka officer banke call karne wala", "ek anjaan number", "loan app ka agent"),
    "trafficking indicators": ("ek placement agent", "gaon ka ek aadmi", "ek modelling coordinator", "ek labour contractor", "Instagram pe mila ek aadmi"),
    "deepfake abuse": ("ek anjaan account", "uska ex-boyfriend", "uska classmate", "ek aadmi jisko usne mana kiya tha"),
    "revenge content (NCII)": ("uska ex-boyfriend", "uska ex-husband", "uska purana partner", "uska ex-fiance"),
    "financial exploitation": ("uska pati", "uska bhai", "matrimonial site pe mila ek aadmi", "ek nakli bank official", "ek chit fund wala"),
    "emotional manipulation": ("uska pati", "uska live-in partner", "uska sasur", "uska jeth"),
    "public safety / stalking": ("bike wala ek aadmi", "ek auto driver", "ek anjaan aadmi", "local dukaandaar ka beta", "ek cab driver"),
}
HI_EVENTS: Mapping[str, Sequence[str]] = {
    "cyberstalking": (
        "{Perp} usko {platform} pe {count_d} alag fake accounts se message karta hai, block karne ke baad bhi.",
        "{Perp_obl} ko pata hota hai ki woh kahan gayi thi, aur woh {platform} pe iske hints deta hai.",
        "{Perp} uski har story turant dekhta hai aur {time} anjaan numbers se call karta hai.",
        "{Perp} uske {platform} account mein login karta rehta hai aur usko alerts aate hain.",
        "{Perp} ne uski live location ka screenshot bheja jo usne kabhi share nahi ki thi.",
        "{Perp} uske har {platform} group mein join karke uske har message ka reply karta hai.",
    ),
    "online harassment": (
        "{Perp} uske har {platform} video pe gande comments karta hai.",
        "{Perp_obl} ne uski morphed photo {platform} groups mein daal di hai.",
        "{Perp} usko raat ko {platform} pe vulgar messages bhejta hai.",
        "{Perp_obl} ne uske character ke baare mein {platform} pe jhooti baatein failayi hain.",
        "{Perp} uske {platform} posts pe ashleel comments likhta hai aur uske followers ko message karta hai.",
        "{Perp} ne uska number {count_d} anjaan {platform} groups mein daal diya hai.",
    ),
    "workplace harassment": (
        "{Perp} office mein sabke saamne uske kapdon pe comments karta hai.",
        "{Perp_obl} ne kaha ki appraisal tabhi achha hoga jab woh uske saath dinner pe jayegi.",
        "{Perp} late shift mein baar baar usko chhoone ki koshish karta hai.",
        "{Perp} raat ko {platform} pe message karta hai aur reply na mile to office mein daant-ta hai.",
        "{Perp} ne uski promotion rok di kyunki usne dinner pe jaane se mana kiya.",
        "{Perp} breaks mein phone pe ashleel videos dikhata hai.",
    ),
    "domestic violence": (
        "{Perp} usko roz maarta hai aur uska phone do baar tod chuka hai.",
        "{Perp} {amount} aur dahej maang raha hai aur mana karne pe thappad maara.",
        "{Perp_obl} ne usko kamre mein band kar diya aur phone chheen liya.",
        "{Perp_obl} ne jhagde mein uska gala dabaya aur woh padosi ke ghar bhaagi.",
        "{Perp} ne belt se usko peeta aur uske haathon pe nishaan hain.",
        "{Perp} bachchon ke saamne usko gaaliyan deta hai aur haath uthata hai.",
    ),
    "coercive control": (
        "{Perp} uska phone roz check karta hai aur saare passwords maangta hai.",
        "{Perp} uski poori salary le leta hai aur mahine ke sirf {amount} deta hai.",
        "{Perp} usko dosto se milne nahi deta aur ghante mein {count_d} baar call karta hai.",
        "{Perp_obl} ne uske phone mein tracking app daal diya hai.",
        "{Perp} tay karta hai ki woh kya pehnegi aur kisse baat karegi.",
        "{Perp_obl} ne uske documents aur passbook apne paas rakh liye hain.",
    ),
    "blackmail / extortion": (
        "{Perp} uski private photos family ko bhejne ki dhamki de raha hai agar woh {amount} nahi degi.",
        "{Perp_obl} ne video call record kar li aur ab {platform} pe {amount} maang raha hai.",
        "{Perp} keh raha hai ki {deadline} tak paise nahi diye to chats online daal dega.",
        "{Perp} pehle hi {amount} le chuka hai aur ab aur maang raha hai.",
        "{Perp} keh raha hai ki {amount} nahi mile to video uske contacts ko bhej dega.",
        "{Perp_obl} ne morphed photo bhej kar use delete karne ke {amount} maange.",
    ),
    "trafficking indicators": (
        "{Perp_obl} ne usko {dest} mein {job_offer} ki job offer ki aur passport maang liya.",
        "{Perp} keh raha hai ki turant {dest} chalo, salary {amount} milegi, koi contract nahi.",
        "{Perp_obl} ne {dest} pahunchte hi uska phone aur documents le liye.",
        "{Perp} uske area ki ladkiyon ko {job_offer} ki job ke liye le ja raha hai, aur koi ghar wapas call nahi karti.",
        "{Perp} ne usko {amount} advance diye aur ab keh raha hai ki {dest} mein kaam karke karz chukana hoga.",
        "{Perp} usko immigration officer se jhooth bolne ko keh raha hai.",
    ),
    "deepfake abuse": (
        "{Perp_obl} ne uski profile photos se deepfake video banakar {platform} pe daal di.",
        "Uski AI se bani nangi photo {platform} pe ghoom rahi hai, aur shak {perp_obl} pe hai.",
        "{Perp_obl} ne uska fake video banakar college group mein bhej diya.",
        "{Perp} uski AI-generated photos ek {platform} channel mein bech raha hai.",
        "{Perp_obl} ne uske chehre wala adult video uske manager ko bhej diya.",
        "{Perp_obl} ne uski awaaz mein AI audio banakar dosto se paise maange.",
    ),
    "revenge content (NCII)": (
        "{Perp_obl} ne breakup ke baad uske private videos {platform} pe upload kar diye.",
        "{Perp_obl} ne uski private photos uske gharwalon ko bhej di.",
        "{Perp} dhamki de raha hai ki shaadi kahin aur ki to videos leak kar dega.",
        "{Perp_obl} ne uske naam se fake {platform} account banakar private photos daali hain.",
        "{Perp_obl} ne uski private photos ek adult website pe uske asli naam ke saath daali hain.",
        "{Perp_obl} ne uski private tasveerein uske naye partner ko bhej di.",
    ),
    "financial exploitation": (
        "{Perp_obl} ne uske naam pe {amount} ka loan le liya bina bataye.",
        "{Perp_obl} ne {platform} pe ek scheme mein {amount} lagwaye aur paisa gayab ho gaya.",
        "{Perp} uski poori salary le leta hai aur ATM card apne paas rakhta hai.",
        "{Perp_obl} ne uske gehne bina pooche bech diye.",
        "{Perp_obl} ne KYC ke naam pe uska UPI PIN liya aur {amount} kat gaye.",
        "{Perp_obl} ne shaadi ka vaada karke business ke liye {amount} liye aur phir block kar diya.",
    ),
    "emotional manipulation": (
        "{Perp} roz kehta hai ki woh kisi kaam ki nahi hai.",
        "{Perp} har baat ulti karke kehta hai ki woh sab imagine kar rahi hai.",
        "{Perp} rishtedaaron ke saamne usko pagal bolta hai.",
        "{Perp} usko har din doosri auraton se compare karke mazaak udata hai.",
        "{Perp} gharwalon ke saamne uski diary padh kar usko sharminda karta hai.",
        "{Perp} har galti ka dosh usi pe daalta hai aur bachchon ko uske khilaaf karta hai.",
    ),
    "public safety / stalking": (
        "{Perp} roz {venue_hi} se uska peecha karta hai {time}.",
        "{Perp} {venue_hi} pe khada hokar comments paas karta hai.",
        "{Perp_obl} ne {venue_hi} ke paas uska haath pakadne ki koshish ki.",
        "{Perp} raat ko uske ghar ke bahar khada rehta hai.",
        "{Perp} {venue_hi} pe chhup kar uski photos kheenchta hai.",
        "{Perp} bus mein bheed ka fayda utha kar usko galat tarike se chhoota hai.",
    ),
}
HI_VENUES = ("metro station", "bus stop", "sabzi mandi", "coaching centre", "hostel gate", "railway platform", "gym", "college gate")
HI_DURATIONS = (
    "Yeh {count_d} hafte se chal raha hai.",
    "Pichle {count_d} mahine se aisa roz ho raha hai.",
    "Yeh {festival} ke baad shuru hua aur ab har {period_hi} hota hai.",
    "{month} se yeh band hi nahi hua.",
    "Pehli baar yeh {count_d} mahine pehle hua tha.",
    "Ab tak kam se kam {count_d} baar ho chuka hai.",
    "{festival} ke aas-paas yeh shuru hua tha.",
    "Jab se usne nayi job join ki, tab se yeh ho raha hai.",
    "{month} ke pehle hafte se yeh chal raha hai.",
    "Har {period_hi} kuch na kuch naya hota hai, pichle {count_d} mahino se.",
)
HI_PERIODS = ("hafte", "weekend", "doosre din", "raat")
HI_FEARS: Mapping[str, Sequence[str]] = {
    "low": ("Woh dari nahi hai, bas chahti hai ki yeh ruk jaye.", "Usko lagta hai shayad yeh itna serious nahi hai.", "Woh police case ke bina isse sambhalna chahti hai."),
    "medium": ("Woh pareshan rehti hai aur shaam ko bahar jaana band kar diya hai.", "Uska kaam pe dhyaan nahi lagta.", "Usko dar hai ki ignore kiya to baat badh jayegi."),
    "high": ("Usko dar hai ki {perp} uske {workplace_hi} tak aa jayega.", "Woh raat ko so nahi paati aur apni safety ke liye darti hai.", "Ab woh akele travel karne se ghabrati hai."),
    "critical": ("{Perp_obl} ne dhamki di hai ki police ke paas gayi to jaan se maar dega.", "Woh bahut dari hui hai aur is hafte do baar khud ko kamre mein band kar chuki hai.", "Usko apni aur apne bachche ki jaan ka khatra hai."),
}
HI_WORKPLACES = ("office", "hospital", "college", "dukaan", "hostel")
HI_DETAILS = (
    "Uske paas saare messages ke screenshots hain.",
    "Uske gharwalon ko abhi kuch nahi pata.",
    "Local thane ne kaha ki aapas mein settle kar lo.",
    "Usne number ek baar badla tha, par kuch fayda nahi hua.",
    "Uski roommate ne bhi yeh dekha hai.",
    "Uske paas lawyer ke liye paise nahi hain.",
    "Family keh rahi hai ki izzat ke liye chup raho.",
    "Usne kuch messages ghabrahat mein delete kar diye.",
    "Uski ek colleague ne bhi yeh sab dekha hai.",
    "Usne ek baar police ko call kiya tha, par kuch nahi hua.",
    "Uske paas ek chhota bachcha hai aur apni koi income nahi hai.",
    "Woh is shehar mein nayi hai aur zyada logon ko nahi jaanti.",
    "Uske bhai ne {perp_obl} se baat karne ki koshish ki thi.",
    "Usne saari dates ek diary mein likh rakhi hain.",
)
HI_ASKS = (
    "Ab woh kya kare?",
    "Kya yeh kanoon ke hisaab se crime hai?",
    "Complaint kahan karni chahiye?",
    "Kya online complaint ho sakti hai?",
    "Family ko bataye bina yeh kaise rukega?",
    "Kaunsa helpline number sahi rahega?",
    "Kya woh FIR online file kar sakti hai?",
    "Kya usko lawyer ki zaroorat padegi?",
    "Police se pehle kisse baat kare?",
    "Kya yeh content hataya ja sakta hai?",
)
HI_STRUCTURES = ("IEDRA", "IEDRT", "EDIRT", "IETA", "IEDT", "IEDTA")

# ---------------------------------------------------------------------------------------------
# Answers: stock templates (slots: the row's labels, age, city, helpline, channel) and the parts
# free text is composed from. Free-text parts are short (at most ~5 words) and drawn from lists
# large enough that no long span recurs across many rows.
# ---------------------------------------------------------------------------------------------

REASONING_TEMPLATES: Mapping[str, str] = {
    "reasoning.t1": "This scenario indicates {risk} with {severity} severity. The victim, a {age}-year-old woman in {city}, faces a pattern consistent with {risk}, and the {severity} rating reflects the {v_risk_of} of escalation.",
    "reasoning.t2": "The described behaviour is a clear case of {risk}. Given the {severity} severity level, immediate intervention is {v_needed} to protect the woman in {city}.",
    "reasoning.t3": "Based on the details provided, the situation involves {risk}. Severity is assessed as {severity} because the {age}-year-old woman in {city} reports repeated incidents{v_tail}.",
    "reasoning.t4": "Risk type: {risk}. Severity: {severity}. The pattern described by the {age}-year-old in {city} is typical of {risk} cases and {v_warrants} a prompt response.",
    "reasoning.t5": "This is a {severity} severity {risk} case. The victim is {age} years old and based in {city}; the behaviour {v_fits} the standard profile of {risk}.",
    "reasoning.t6": "The scenario shows clear signs of {risk}. At {severity} severity, the main concern is {v_concern}, and the woman in {city} should be supported {v_support}.",
}
ACTION_TEMPLATES: Mapping[str, str] = {
    "action.t1": "Document all evidence, report the incident to {channel}, and contact {helpline} for support.",
    "action.t2": "Immediately contact {helpline}. Preserve screenshots and messages, and file a complaint with {channel}.",
    "action.t3": "Seek help from {helpline}, file an FIR at the nearest police station, and consider {v_counsel}.",
    "action.t4": "Do not engage with the perpetrator. Save all evidence, report to {channel} and reach out to {helpline}. If in immediate danger, call 112.",
    "action.t5": "Reach out to {helpline} and a trusted person. Keep a record of every incident and approach {channel} {v_when}.",
}
# Light variation inside the templates, as real generators have.
TEMPLATE_VARIANTS: Mapping[str, Sequence[str]] = {
    "{v_risk_of}": ("risk", "likelihood", "possibility"),
    "{v_needed}": ("required", "recommended", "advised", "essential"),
    "{v_tail}": ("", " over a sustained period", " that are affecting her daily life"),
    "{v_warrants}": ("warrants", "requires", "calls for"),
    "{v_fits}": ("fits", "matches", "follows"),
    "{v_support}": ("without delay", "promptly", "as a priority"),
    "{v_counsel}": ("legal counsel", "a lawyer", "free legal aid from the DLSA"),
    "{v_when}": ("as soon as possible", "without delay", "at the earliest"),
}
TEMPLATE_TAILS = ("", "", "", " Documentation of all evidence is important.", " Early reporting improves outcomes.", " Her account should be taken seriously.")
CONCERN_BY_SEVERITY = {
    "low": "preventing escalation",
    "medium": "her continued safety and wellbeing",
    "high": "the risk of physical or reputational harm",
    "critical": "an immediate threat to her safety",
}

HELPLINES: Mapping[str, Sequence[str]] = {
    "181": ("the Women Helpline 181", "the women's helpline (181)"),
    "NCW": ("the NCW helpline 7827170170", "the National Commission for Women helpline at 7827170170"),
    "112": ("the emergency number 112", "112 (ERSS)"),
    "1930": ("the cyber fraud helpline 1930", "the National Cyber Crime Helpline 1930"),
    "1091": ("the Delhi Police women's helpline 1091", "1091 (Delhi Police women's helpline)"),
    "TELE": ("Tele-MANAS on 14416 for emotional support", "the Tele-MANAS mental health line 14416"),
}
HELPLINES_BY_RISK: Mapping[str, Sequence[str]] = {
    "cyberstalking": ("181", "NCW", "112"),
    "online harassment": ("181", "NCW"),
    "workplace harassment": ("NCW", "181"),
    "domestic violence": ("181", "NCW", "112"),
    "coercive control": ("181", "NCW"),
    "blackmail / extortion": ("1930", "NCW", "112"),
    "trafficking indicators": ("112", "NCW"),
    "deepfake abuse": ("181", "NCW"),
    "revenge content (NCII)": ("181", "NCW", "112"),
    "financial exploitation": ("1930", "181", "NCW"),
    "emotional manipulation": ("TELE", "181", "NCW"),
    "public safety / stalking": ("112", "1091", "181"),
}
CHANNELS_BY_RISK: Mapping[str, Sequence[str]] = {
    "cyberstalking": ("the National Cyber Crime Reporting Portal (cybercrime.gov.in)", "cybercrime.gov.in", "the cyber cell of the local police"),
    "online harassment": ("the National Cyber Crime Reporting Portal (cybercrime.gov.in)", "cybercrime.gov.in", "the cyber cell of the local police"),
    "workplace harassment": ("the Internal Committee under the POSH Act", "the Local Committee of the district", "the Internal Committee at her workplace"),
    "domestic violence": ("the Protection Officer under the PWDVA", "the nearest police station", "a One Stop Centre"),
    "coercive control": ("the Protection Officer under the PWDVA", "a One Stop Centre", "the nearest police station"),
    "blackmail / extortion": ("cybercrime.gov.in", "the cyber cell of the local police", "the nearest police station"),
    "trafficking indicators": ("the Anti-Human Trafficking Unit of the police", "the nearest police station"),
    "deepfake abuse": ("the National Cyber Crime Reporting Portal (cybercrime.gov.in)", "cybercrime.gov.in", "the cyber cell of the local police"),
    "revenge content (NCII)": ("the National Cyber Crime Reporting Portal (cybercrime.gov.in)", "cybercrime.gov.in", "the cyber cell of the local police"),
    "financial exploitation": ("cybercrime.gov.in", "the nearest police station", "the bank's grievance cell and the police"),
    "emotional manipulation": ("a One Stop Centre", "the Protection Officer under the PWDVA", "a trained counsellor"),
    "public safety / stalking": ("the nearest police station", "the local police", "the women's help desk at the police station"),
}

# Free text is built word by word: each slot is one word (or a short unit) from its own list, so
# any span of four or more words crosses several independent draws and rarely repeats.
FT_OPENERS = (
    "Here,", "Clearly,", "Overall,", "Plainly,", "Realistically,", "Importantly,", "Frankly,", "Broadly,", "Fundamentally,",
    "Evidently,", "Notably,", "Undeniably,", "Arguably,", "Honestly,", "Crucially,", "Certainly,", "Essentially,",
    "Admittedly,", "Objectively,", "Unmistakably,", "Visibly,", "Sadly,", "Truly,", "Surely,",
)
FT_DETERMINERS = ("the", "this", "such", "that", "her", "all this")
FT_ADJECTIVES = (
    "persistent", "repeated", "constant", "unwanted", "relentless", "sustained", "escalating", "deliberate", "targeted",
    "obsessive", "aggressive", "covert", "hostile", "systematic", "frequent", "ongoing", "calculated", "intrusive",
    "coercive", "menacing", "abusive", "reckless", "predatory", "organised", "insistent", "open", "daily", "nightly",
)
FT_SUBJECTS: Mapping[str, Sequence[str]] = {
    "cyberstalking": ("contact", "monitoring", "tracking", "messaging", "surveillance", "following", "tagging", "snooping", "pursuit", "watching"),
    "online harassment": ("trolling", "abuse", "mockery", "commenting", "messaging", "shaming", "insults", "slurs", "posting", "targeting"),
    "workplace harassment": ("remarks", "touching", "pressure", "advances", "comments", "texting", "favouritism", "retaliation", "proximity", "innuendo"),
    "domestic violence": ("violence", "beating", "assault", "abuse", "cruelty", "hitting", "confinement", "battering", "aggression", "brutality"),
    "coercive control": ("control", "surveillance", "isolation", "checking", "restriction", "monitoring", "policing", "possessiveness", "domination", "supervision"),
    "blackmail / extortion": ("blackmail", "extortion", "sextortion", "threatening", "demanding", "pressure", "intimidation", "coercion", "leverage", "ultimatums"),
    "trafficking indicators": ("recruitment", "deception", "bondage", "confinement", "grooming", "luring", "transport", "brokering", "exploitation", "debt"),
    "deepfake abuse": ("deepfakes", "morphing", "fabrication", "impersonation", "manipulation", "forgery", "face-swapping", "distribution", "circulation", "doctoring"),
    "revenge content (NCII)": ("leaking", "sharing", "posting", "exposure", "distribution", "circulation", "publication", "retaliation", "uploading", "forwarding"),
    "financial exploitation": ("fraud", "deception", "misappropriation", "borrowing", "theft", "cheating", "scamming", "siphoning", "forgery", "exploitation"),
    "emotional manipulation": ("gaslighting", "belittling", "guilt-tripping", "blaming", "humiliation", "shaming", "stonewalling", "ridicule", "manipulation", "criticism"),
    "public safety / stalking": ("following", "staring", "groping", "catcalling", "loitering", "lurking", "photographing", "accosting", "harassment", "shadowing"),
}
FT_VERBS = (
    "signals", "suggests", "indicates", "shows", "reflects", "implies", "reveals", "demonstrates", "constitutes",
    "resembles", "mirrors", "exposes", "means", "confirms", "evidences", "betrays", "establishes", "illustrates", "denotes",
    "amounts to", "points to",
)
FT_QUALITIES = (
    "deliberate", "calculated", "serious", "wilful", "sustained", "intentional", "criminal", "predatory", "planned",
    "escalating", "punishable", "harmful", "dangerous", "unlawful", "systematic", "controlling", "vindictive", "malicious",
)
FT_WRONGS = (
    "intimidation", "harassment", "control", "pressure", "abuse", "exploitation", "coercion", "misconduct", "aggression",
    "interference", "manipulation", "targeting", "domination", "humiliation", "cruelty", "victimisation", "persecution", "predation",
)
FT_SPANS = (  # (prepositions, adjectives, nouns) of a closing phrase: "over several weeks", "despite clear refusals"
    (("over", "across", "throughout", "for"), ("several", "many", "recent", "consecutive", "successive", "numerous"), ("weeks", "months", "days", "evenings", "nights", "seasons")),
    (("despite", "ignoring", "beyond", "against"), ("clear", "repeated", "explicit", "firm", "polite", "direct"), ("refusals", "objections", "warnings", "requests", "boundaries", "complaints")),
)
FT_SEVERITY_SUBJECTS = ("Risk", "Danger", "Severity", "Urgency", "Harm", "Exposure", "Vulnerability", "Concern", "Threat", "Jeopardy")
FT_SEVERITY_VERBS = ("is", "seems", "looks", "appears", "remains", "feels")
FT_SEVERITY_WORDS: Mapping[str, Sequence[str]] = {
    "low": ("low", "limited", "modest", "minor", "slight", "manageable", "contained", "mild"),
    "medium": ("moderate", "considerable", "notable", "meaningful", "real", "growing", "significant", "noticeable"),
    "high": ("high", "serious", "grave", "substantial", "major", "pressing", "heavy", "severe"),
    "critical": ("critical", "extreme", "acute", "imminent", "urgent", "dire", "immediate", "catastrophic"),
}
FT_BECAUSE = ("because", "since", "as", "given that", "considering that", "now that", "seeing that", "inasmuch as")
FT_ACTORS = ("the abuser", "the perpetrator", "this person", "the offender", "the accused", "the harasser", "the aggressor",
             "the individual", "the suspect", "the other party", "the culprit", "the wrongdoer")
FT_CAUSES: Mapping[str, tuple[Sequence[str], Sequence[str]]] = {  # (auxiliaries, past participles)
    "low": (("has not", "has never", "hasn't", "has rarely", "has seldom", "has not yet"),
            ("threatened her", "approached her", "turned violent", "used force", "shown up", "made threats", "escalated", "followed her home", "contacted family", "named her publicly")),
    "medium": (("has repeatedly", "has often", "has already", "has frequently", "has persistently", "has openly"),
               ("ignored refusals", "contacted her workplace", "used her details", "involved others", "crossed boundaries", "shown up nearby", "escalated contact", "targeted her reputation", "tracked her movements", "pressured her")),
    "high": (("has already", "has openly", "has directly", "has recently", "has explicitly", "has physically"),
             ("threatened her", "hurt her", "demanded money", "shared images", "seized documents", "isolated her", "cornered her", "damaged property", "stalked her home", "warned her family")),
    "critical": (("has already", "has explicitly", "has recently", "has violently", "has openly", "has directly"),
                 ("threatened murder", "injured her badly", "confined her", "shown weapons", "set deadlines", "endangered her child", "attempted abduction", "harmed her", "cut her off", "hidden her passport")),
}
FT_IMPACT_LEADS = ("Already,", "Meanwhile,", "Consequently,", "Understandably,", "Predictably,", "Inevitably,", "Unsurprisingly,",
                   "Visibly,", "Gradually,", "Increasingly,", "Now,", "Lately,")
FT_LIFE = ("sleep", "work", "studies", "health", "confidence", "routine", "finances", "friendships", "reputation",
           "family life", "sense of safety", "appetite", "focus", "independence")
FT_IMPACTS = ("suffers", "deteriorates", "weakens", "declines", "erodes", "shrinks", "falters", "slips", "worsens", "collapses", "wavers")
FT_DEGREES = ("badly", "steadily", "noticeably", "daily", "quickly", "sharply", "visibly", "further", "rapidly", "considerably")
FT_ACTION_STARTS = ("First,", "Immediately,", "Today,", "Now,", "Promptly,", "Quickly,", "Tonight,", "Initially,", "Urgently,",
                    "Carefully,", "Quietly,", "Firstly,", "Calmly,", "Discreetly,")
FT_KEEP_VERBS = ("save", "preserve", "collect", "archive", "record", "document", "copy", "store", "gather", "keep", "secure", "photograph")
FT_EVIDENCE_DETERMINERS = ("all", "the", "any", "these", "those", "her")
FT_EVIDENCE_ADJECTIVES = ("original", "relevant", "dated", "unedited", "recent", "threatening", "abusive", "incriminating",
                          "key", "raw", "complete", "earlier", "latest", "older")
FT_EVIDENCE: Mapping[str, Sequence[str]] = {
    "cyberstalking": ("messages", "screenshots", "chats", "alerts", "logs", "usernames", "links", "profiles"),
    "online harassment": ("comments", "screenshots", "posts", "links", "voice notes", "usernames", "messages", "memes"),
    "workplace harassment": ("messages", "emails", "rosters", "notes", "texts", "records", "appraisals", "memos"),
    "domestic violence": ("medical reports", "photos", "prescriptions", "recordings", "notes", "bills", "records", "X-rays"),
    "coercive control": ("statements", "screenshots", "notes", "messages", "records", "recordings", "passbooks", "receipts"),
    "blackmail / extortion": ("messages", "receipts", "numbers", "chats", "demands", "screenshots", "transfers", "recordings"),
    "trafficking indicators": ("offers", "contracts", "tickets", "receipts", "numbers", "addresses", "documents", "messages"),
    "deepfake abuse": ("links", "screenshots", "videos", "images", "posts", "originals", "URLs", "uploads"),
    "revenge content (NCII)": ("links", "screenshots", "URLs", "posts", "chats", "uploads", "images", "messages"),
    "financial exploitation": ("statements", "receipts", "papers", "transfers", "agreements", "chats", "slips", "records"),
    "emotional manipulation": ("notes", "messages", "recordings", "entries", "texts", "letters", "records", "details"),
    "public safety / stalking": ("photos", "notes", "dates", "plates", "videos", "records", "details", "timings"),
}
FT_EVIDENCE_MANNER = ("offline", "securely", "immediately", "carefully", "separately", "safely", "privately", "elsewhere",
                      "twice", "tonight", "discreetly", "systematically")
FT_NEXT = ("Then", "Next,", "Also,", "Afterwards,", "Later,", "Subsequently,", "Additionally,", "Meanwhile,", "Separately,", "Simultaneously,")
FT_CONTACT_VERBS = ("call", "contact", "ring", "phone", "dial", "approach", "try", "reach")
FT_CONTACT_MANNER = ("promptly", "today", "tonight", "immediately", "soon", "urgently", "directly", "confidently", "anytime", "early", "first", "again")
# Short helpline mentions for free text (the stock templates use the longer phrases in HELPLINES).
FT_HELPLINES: Mapping[str, Sequence[str]] = {
    "181": ("181", "the 181 line"), "NCW": ("NCW at 7827170170", "7827170170"), "112": ("112",), "1930": ("1930",),
    "1091": ("1091",), "TELE": ("Tele-MANAS at 14416", "14416"),
}
FT_ALSO = ("Also,", "Meanwhile,", "Additionally,", "Next,", "Later,", "Afterwards,", "Separately,", "Finally,")
FT_PROTECT_VERBS = ("tighten", "change", "lock", "review", "restrict", "update", "secure", "hide", "limit", "disable", "reset", "check")
FT_PROTECT_OBJECTS = ("privacy settings", "passwords", "location sharing", "social accounts", "profile visibility", "contact lists",
                      "home locks", "travel routes", "online status", "phone permissions", "app access", "bank alerts",
                      "email recovery", "cloud backups")
FT_PROTECT_MANNER = ("today", "immediately", "regularly", "carefully", "tonight", "weekly", "properly", "quietly", "thoroughly", "promptly")
